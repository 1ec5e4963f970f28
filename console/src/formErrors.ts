import { h } from './element.ts';

/**
 * A labelled form control with its hint and its error, wired for assistive technology: the control
 * is described by both, and marked invalid while the error shows.
 */
export interface FieldBox {
  readonly element: HTMLElement;
  readonly control: HTMLElement;
  readonly error: HTMLElement;
}

let nextId = 0;

export function fieldBox(
  label: string,
  control: HTMLElement,
  options: { hint?: string; wide?: boolean; id?: string } = {},
): FieldBox {
  const id = options.id ?? `field-${++nextId}`;
  control.id ||= id;
  const hintId = `${control.id}-hint`;
  const errorId = `${control.id}-error`;
  const hint = options.hint ? h('p', { class: 'hint', id: hintId }, options.hint) : null;
  const error = h('p', { class: 'field-error', id: errorId, hidden: true });
  control.setAttribute('aria-describedby', [hint ? hintId : '', errorId].filter(Boolean).join(' '));
  const element = h(
    'div',
    { class: `field${options.wide ? ' wide' : ''}` },
    h('label', { for: control.id }, label),
    control,
    hint,
    error,
  );
  return { element, control, error };
}

/** A group of radios or checkboxes: the legend labels the group, the error follows it. */
export function fieldGroup(legend: string, controls: HTMLElement, hint?: string): FieldBox {
  const id = `group-${++nextId}`;
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
  const element = h(
    'fieldset',
    { class: 'field group', id, 'aria-describedby': `${id}-error` },
    h('legend', {}, legend),
    hint ? h('p', { class: 'hint' }, hint) : null,
    controls,
    error,
  );
  return { element, control: element, error };
}

export function showFieldError(box: FieldBox, message: string): void {
  box.error.textContent = message;
  box.error.hidden = false;
  box.control.setAttribute('aria-invalid', 'true');
  box.element.classList.add('invalid');
}

export function clearFieldError(box: FieldBox): void {
  box.error.textContent = '';
  box.error.hidden = true;
  box.control.removeAttribute('aria-invalid');
  box.element.classList.remove('invalid');
}

/** Moves focus to the field's first control, so the error is read out with it. */
export function focusField(box: FieldBox): void {
  const target = box.control.matches('input, select, textarea, button')
    ? box.control
    : box.control.querySelector<HTMLElement>('input, select, textarea, button');
  (target ?? box.control).focus();
}
