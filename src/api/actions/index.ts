import type { ActionDefinition } from '../action.ts';
import { campaignActions } from './campaigns/index.ts';
import { numberActions } from './numbers/index.ts';
import { sessionActions } from './sessions/index.ts';
import { skillGroupActions } from './skillGroups/index.ts';
import { staffActions } from './staff/index.ts';

/** Every action the API serves; each family's module adds its own. */
export const allActions: readonly ActionDefinition[] = [
  ...campaignActions,
  ...numberActions,
  ...skillGroupActions,
  ...staffActions,
  ...sessionActions,
];
