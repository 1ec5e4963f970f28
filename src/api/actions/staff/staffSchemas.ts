import { Type } from '@sinclair/typebox';

/** Tencent's SeatUserInfo as CreateStaff takes it; only Name, Mail and StaffNumber are required. */
export const SeatUserInfoInput = Type.Object(
  {
    Name: Type.String({ minLength: 1, maxLength: 64 }),
    Mail: Type.String({ minLength: 1 }),
    StaffNumber: Type.String({ minLength: 1, maxLength: 32 }),
    Phone: Type.Optional(Type.String({ maxLength: 32 })),
    Nick: Type.Optional(Type.String({ maxLength: 64 })),
    UserId: Type.Optional(Type.String({ maxLength: 128 })),
    SkillGroupNameList: Type.Optional(Type.Array(Type.String())),
    // Ours, beside Tencent's names: bind the agent to a group by id as it is created.
    SkillGroupId: Type.Optional(Type.Integer()),
    // Roles and extensions belong to Tencent's console; accepted so its clients work, not kept.
    Role: Type.Optional(Type.Integer()),
    ExtensionNumber: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

/** Tencent's ForwardingConfig (ModifyStaff): accepted, not acted on: we place outbound calls only. */
export const ForwardingConfigInput = Type.Object(
  {
    Enabled: Type.Optional(Type.Boolean()),
    Condition: Type.Optional(Type.Integer()),
    Target: Type.Optional(
      Type.Object(
        {
          Type: Type.Optional(Type.Integer()),
          StaffUserId: Type.Optional(Type.String()),
          SkillGroupId: Type.Optional(Type.Integer()),
          Extension: Type.Optional(Type.String()),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

/** An agent's priority in a skill group: 1 highest, 5 lowest. */
export const Priority = Type.Integer({ minimum: 1, maximum: 5 });
