import type { ActionDefinition } from '../../action.ts';
import { createCCCSkillGroup } from './createCCCSkillGroup.ts';
import { deleteCCCSkillGroup } from './deleteCCCSkillGroup.ts';
import { describeSkillGroupInfoList } from './describeSkillGroupInfoList.ts';
import { updateCCCSkillGroup } from './updateCCCSkillGroup.ts';

export const skillGroupActions: readonly ActionDefinition[] = [
  createCCCSkillGroup,
  describeSkillGroupInfoList,
  updateCCCSkillGroup,
  deleteCCCSkillGroup,
];
