import { invalidValue, quoted } from './invalidValue.ts';

/** A named value handed to the agent's desk and the IVR with every call (Tencent's `Variable`). */
export interface Variable {
  readonly Key: string;
  readonly Value: string;
}

/** Refuses a key given twice in one list (`Variables.2.Key`): which value would win is anyone's guess. */
export function validateVariables(variables: readonly Variable[], field: string): Variable[] {
  const keys = new Set<string>();
  variables.forEach((variable, index) => {
    if (keys.has(variable.Key)) {
      throw invalidValue(`${field}.${index}.Key`, {
        en: `the key ${quoted(variable.Key)} is given twice.`,
        zh: `键 ${quoted(variable.Key)} 重复出现。`,
      });
    }
    keys.add(variable.Key);
  });
  return variables.map(({ Key, Value }) => ({ Key, Value }));
}
