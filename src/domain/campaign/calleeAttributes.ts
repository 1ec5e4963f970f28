import { normaliseCalleeNumber } from './calleeNumber.ts';
import { invalidValue, quoted } from './invalidValue.ts';
import { type Variable, validateVariables } from './variables.ts';

/** What the API receives per callee (Tencent's `CalleeAttribute`). */
export interface CalleeAttributeInput {
  readonly Callee: string;
  readonly UUI?: string;
  readonly Variables?: readonly Variable[];
}

/** What is stored on the callee's row and attached to each of its calls. */
export interface CalleeAttribute {
  readonly uui: string;
  readonly variables: Variable[];
}

/**
 * The attributes by normalised callee number. Each must name one of the campaign's callees
 * (`isCallee`), and at most once.
 */
export function validateCalleeAttributes(
  attributes: readonly CalleeAttributeInput[],
  isCallee: (number: string) => boolean,
): Map<string, CalleeAttribute> {
  const byNumber = new Map<string, CalleeAttribute>();
  attributes.forEach((attribute, index) => {
    const field = `CalleeAttributes.${index}`;
    const number = normaliseCalleeNumber(attribute.Callee);
    if (number === undefined) {
      throw invalidValue(`${field}.Callee`, {
        en: `${quoted(attribute.Callee)} is not a phone number.`,
        zh: `${quoted(attribute.Callee)} 不是有效的电话号码。`,
      });
    }
    if (!isCallee(number)) {
      throw invalidValue(`${field}.Callee`, {
        en: `${quoted(attribute.Callee)} is not one of the campaign's Callees.`,
        zh: `${quoted(attribute.Callee)} 不在任务的被叫列表 Callees 中。`,
      });
    }
    if (byNumber.has(number)) {
      throw invalidValue(`${field}.Callee`, {
        en: `${quoted(attribute.Callee)} already has attributes earlier in the list.`,
        zh: `${quoted(attribute.Callee)} 的属性在列表中重复出现。`,
      });
    }
    byNumber.set(number, {
      uui: attribute.UUI ?? '',
      variables: validateVariables(attribute.Variables ?? [], `${field}.Variables`),
    });
  });
  return byNumber;
}
