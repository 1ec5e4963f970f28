import type { ActionDefinition } from '../../action.ts';
import { bindStaffSkillGroupList } from './bindStaffSkillGroupList.ts';
import { createStaff } from './createStaff.ts';
import { deleteStaff } from './deleteStaff.ts';
import { describeStaffInfoList } from './describeStaffInfoList.ts';
import { describeStaffStatusMetrics } from './describeStaffStatusMetrics.ts';
import { modifyStaff } from './modifyStaff.ts';
import { modifyStaffPassword } from './modifyStaffPassword.ts';
import { setStaffStatus } from './setStaffStatus.ts';
import { unbindStaffSkillGroupList } from './unbindStaffSkillGroupList.ts';

export const staffActions: readonly ActionDefinition[] = [
  createStaff,
  describeStaffInfoList,
  modifyStaff,
  deleteStaff,
  modifyStaffPassword,
  bindStaffSkillGroupList,
  unbindStaffSkillGroupList,
  setStaffStatus,
  describeStaffStatusMetrics,
];
