/**
 * Names that could reach Object.prototype through a naive `obj[name] = …` somewhere downstream.
 * No Tencent parameter is called so, so refusing them costs nothing and closes the door for
 * every later consumer of the parameters, not only the one that builds them.
 */
const FORBIDDEN_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function isForbiddenName(name: string): boolean {
  return FORBIDDEN_NAMES.has(name);
}

/**
 * The deepest nesting a parameter may have. CCC's deepest field is three levels
 * (CalleeAttributes.0.Variables.1.Key is five segments); the bound keeps recursive consumers
 * (validators, serialisers) far from the stack limit whatever a client sends.
 */
export const MAX_PARAM_DEPTH = 16;
