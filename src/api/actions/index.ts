import type { ActionDefinition } from '../action.ts';

/** Every action the API serves; each family's module adds its own. */
export const allActions: readonly ActionDefinition[] = [];
