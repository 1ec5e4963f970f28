import { Type } from '@sinclair/typebox';
import { SKILL_GROUP_TYPES } from '../../../domain/skillGroup/skillGroupType.ts';

export const SkillGroupName = Type.String({ minLength: 1, maxLength: 64 });

/** 0 phone, 1 online, 3 audio, 4 video: any other number is InvalidParameterValue. */
export const SkillGroupTypeInput = Type.Union(SKILL_GROUP_TYPES.map((t) => Type.Literal(t)));

/** Sessions one agent of the group may hold at once; phone groups take 1. */
export const MaxConcurrency = Type.Integer({ minimum: 1, maximum: 100 });
