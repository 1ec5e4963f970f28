import type { SessionView } from '../../src/console/consoleWire.ts';
import { ApiError, api } from './consoleApi.ts';
import { h } from './element.ts';

/**
 * Two ways in: a supervisor as an operator of the server's config (or, one click away, with an
 * application's SecretId/SecretKey), an agent with staff Mail and password. Each form reports its
 * own refusal in an alert next to its button.
 */
export function signInPage(main: HTMLElement, signedIn: (session: SessionView) => void): undefined {
  main.append(
    h('h1', { class: 'page-title' }, 'Sign in'),
    h(
      'div',
      { class: 'signin-grid' },
      supervisorForms(signedIn),
      signInForm({
        id: 'agent',
        title: 'Agent desk',
        hint: 'Use your staff mail and password. Demo agents: agent1@<SdkAppId>.sim, password “agent”.',
        fields: [
          { name: 'Mail', label: 'Mail', type: 'email', autocomplete: 'username' },
          { name: 'Password', label: 'Password', type: 'password', autocomplete: 'current-password' },
        ],
        submit: 'Sign in as agent',
        path: '/session/agent',
        signedIn,
      }),
    ),
  );
  return undefined;
}

/**
 * The operator form, and the access-key form in its place on request: a supervisor normally has
 * an operator account, while whoever holds the API keys can still sign in with them.
 */
function supervisorForms(signedIn: (session: SessionView) => void): HTMLElement {
  const switchTo = (show: HTMLFormElement, hide: HTMLFormElement) => () => {
    hide.hidden = true;
    show.hidden = false;
    show.querySelector('input')?.focus();
  };
  const toggle = (label: string) => h('button', { type: 'button', class: 'link-button' }, label);
  const toKey = toggle('Sign in with an access key instead');
  const toOperator = toggle('Sign in with an operator account instead');
  const operatorForm = signInForm({
    id: 'operator',
    title: 'Supervisor',
    hint: 'Use your operator name and password, as set in the server’s config (the demo’s are in the README and the start banner).',
    fields: [
      { name: 'Name', label: 'Operator name', type: 'text', autocomplete: 'username' },
      { name: 'Password', label: 'Operator password', type: 'password', autocomplete: 'current-password' },
    ],
    submit: 'Sign in as supervisor',
    path: '/session/operator',
    signedIn,
    footer: toKey,
  });
  const keyForm = signInForm({
    id: 'supervisor',
    title: 'Supervisor',
    hint: 'Use the SecretId and SecretKey of an application key, as for the API.',
    fields: [
      { name: 'SecretId', label: 'SecretId', type: 'text', autocomplete: 'username' },
      { name: 'SecretKey', label: 'SecretKey', type: 'password', autocomplete: 'current-password' },
    ],
    submit: 'Sign in with the key',
    path: '/session/supervisor',
    signedIn,
    footer: toOperator,
  });
  keyForm.hidden = true;
  toKey.addEventListener('click', switchTo(keyForm, operatorForm));
  toOperator.addEventListener('click', switchTo(operatorForm, keyForm));
  return h('div', { class: 'signin-choice' }, operatorForm, keyForm);
}

interface FormSpec {
  readonly id: string;
  readonly title: string;
  readonly hint: string;
  readonly fields: readonly { name: string; label: string; type: string; autocomplete: string }[];
  readonly submit: string;
  readonly path: string;
  readonly signedIn: (session: SessionView) => void;
  /** Below the button: another way to sign in. */
  readonly footer?: HTMLElement;
}

function signInForm(spec: FormSpec): HTMLFormElement {
  const error = h('p', { class: 'form-error', role: 'alert', id: `${spec.id}-error` });
  const button = h('button', { type: 'submit', class: 'button primary' }, spec.submit);
  const form = h(
    'form',
    { class: 'card signin', 'aria-labelledby': `${spec.id}-title`, novalidate: true },
    h('h2', { id: `${spec.id}-title` }, spec.title),
    h('p', { class: 'hint' }, spec.hint),
    spec.fields.map((f) =>
      h(
        'div',
        { class: 'field' },
        h('label', { for: `${spec.id}-${f.name}` }, f.label),
        h('input', {
          id: `${spec.id}-${f.name}`,
          name: f.name,
          type: f.type,
          autocomplete: f.autocomplete,
          required: true,
          spellcheck: 'false',
          autocapitalize: 'off',
        }),
      ),
    ),
    error,
    button,
    spec.footer,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    const body = Object.fromEntries(
      spec.fields.map((f) => {
        const value = (form.elements.namedItem(f.name) as HTMLInputElement).value;
        return [f.name, f.type === 'password' ? value : value.trim()];
      }),
    );
    const missing = spec.fields.find((f) => body[f.name] === '');
    if (missing) {
      error.textContent = `Enter your ${missing.label}.`;
      (form.elements.namedItem(missing.name) as HTMLInputElement).focus();
      return;
    }
    button.disabled = true;
    try {
      spec.signedIn(await api<SessionView>('POST', spec.path, body));
    } catch (e) {
      error.textContent = e instanceof ApiError ? e.message : 'The server could not be reached.';
    } finally {
      button.disabled = false;
    }
  });
  return form;
}
