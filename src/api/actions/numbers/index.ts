import type { ActionDefinition } from '../../action.ts';
import { describeNumbers } from './describeNumbers.ts';

export const numberActions: readonly ActionDefinition[] = [describeNumbers];
