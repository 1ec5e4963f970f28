import type { ApplicationDirectory } from '../../src/console/consoleWire.ts';
import { type CalleeList, campaignCallees, parseCalleeList } from './calleeList.ts';
import { type CampaignFormValues, campaignParams } from './campaignParams.ts';
import { ApiError, api, postWithProgress } from './consoleApi.ts';
import { count, toDateTimeLocal } from './displayFormats.ts';
import { h } from './element.ts';
import {
  clearFieldError,
  type FieldBox,
  fieldBox,
  fieldGroup,
  focusField,
  showFieldError,
} from './formErrors.ts';
import { go, type Params } from './router.ts';
import { businessNow } from './signedIn.ts';
import { simulationPanel } from './simulationPanel.ts';
import { uploadProgress } from './uploadProgress.ts';

/** Which form field shows an API refusal, by the field's first name segment. */
const FIELD_OF: Readonly<Record<string, keyof Fields>> = {
  Name: 'name',
  SkillGroupId: 'skillGroup',
  Priority: 'priority',
  ExpectedAbandonRate: 'abandonRate',
  Callers: 'callers',
  Callees: 'callees',
  CalleeAttributes: 'callees',
  StartTime: 'startTime',
  EndTime: 'endTime',
  TimeZone: 'timeZone',
  AvailableTime: 'availableTime',
  CallOrder: 'callOrder',
  RetryTimes: 'retryTimes',
  RetryInterval: 'retryInterval',
  IVRId: 'ivr',
  UUI: 'uui',
  Variables: 'variables',
};

interface Fields {
  name: FieldBox;
  skillGroup: FieldBox;
  priority: FieldBox;
  abandonRate: FieldBox;
  callers: FieldBox;
  callees: FieldBox;
  startTime: FieldBox;
  endTime: FieldBox;
  timeZone: FieldBox;
  availableTime: FieldBox;
  callOrder: FieldBox;
  retryTimes: FieldBox;
  retryInterval: FieldBox;
  ivr: FieldBox;
  uui: FieldBox;
  variables: FieldBox;
}

/**
 * The create form. It judges nothing itself: it sends what was typed to the API's own action and
 * shows each refusal next to the field the API names, in the API's words.
 */
export async function newCampaignPage(main: HTMLElement, params: Params): Promise<undefined> {
  const sdkAppId = Number(params.app);
  main.append(h('h1', {}, 'New campaign'));
  let directory: ApplicationDirectory;
  try {
    directory = await api<ApplicationDirectory>('GET', `/apps/${sdkAppId}/directory`);
  } catch (error) {
    main.append(h('p', { class: 'form-error', role: 'alert' }, (error as Error).message));
    return undefined;
  }

  const input = (attributes: Record<string, string | boolean>) => h('input', attributes);
  const select = (name: string, options: [string, string][], selected?: string) =>
    h(
      'select',
      { name },
      options.map(([value, label]) => h('option', { value, selected: value === selected }, label)),
    );

  const now = businessNow();
  const firstGroup = directory.SkillGroups[0];
  const calleeText = h('textarea', {
    name: 'callees',
    rows: '5',
    spellcheck: 'false',
    placeholder: '008613800138000\n+14155550123',
  });
  const calleeFile = input({
    type: 'file',
    name: 'calleeFile',
    accept: '.csv,.tsv,.txt,text/csv,text/plain',
  });
  const calleeSummary = h('p', { class: 'hint', 'aria-live': 'polite' });
  const groupHint = h('span');
  const callerBoxes = h(
    'div',
    { class: 'checks' },
    directory.Numbers.length === 0
      ? h('p', { class: 'hint' }, 'This application has no numbers.')
      : directory.Numbers.map((n, i) =>
          h(
            'label',
            { class: 'check' },
            input({ type: 'checkbox', name: 'Callers', value: n.Number, checked: i === 0 && n.State === 1 }),
            ` ${n.Number}`,
            n.State === 1 ? '' : h('span', { class: 'muted' }, ' (not in service)'),
          ),
        ),
  );
  const fields: Fields = {
    name: fieldBox('Name', input({ name: 'name', type: 'text', autocomplete: 'off', maxlength: '256' })),
    skillGroup: fieldBox(
      'Skill group',
      select(
        'skillGroup',
        directory.SkillGroups.map((g) => [String(g.SkillGroupId), `${g.SkillGroupName} (${g.SkillGroupId})`]),
      ),
      { hint: 'The agents who take the calls.' },
    ),
    priority: fieldBox(
      'Priority',
      select(
        'priority',
        ['1', '2', '3', '4', '5'].map((p) => [p, p === '1' ? '1 (highest)' : p === '5' ? '5 (lowest)' : p]),
        '3',
      ),
      { hint: 'Where campaigns share agents, 1 is served first.' },
    ),
    abandonRate: fieldBox(
      'Expected abandon rate (%)',
      input({
        name: 'abandonRate',
        type: 'number',
        inputmode: 'numeric',
        min: '5',
        max: '50',
        step: '1',
        value: '5',
      }),
      {
        hint:
          directory.AbandonRateCeiling !== null
            ? `5–50. The application's ceiling of ${directory.AbandonRateCeiling}% applies if lower.`
            : '5–50: the share of answered calls that may find no agent.',
      },
    ),
    callers: fieldGroup('Caller numbers', callerBoxes, 'Calls go out from these numbers in turn.'),
    callees: fieldGroup(
      'Callees',
      h(
        'div',
        { class: 'callee-inputs' },
        h('label', { for: 'callee-text' }, 'Numbers, one per line'),
        Object.assign(calleeText, { id: 'callee-text' }),
        h('label', { for: 'callee-file' }, '…or a CSV or text file'),
        Object.assign(calleeFile, { id: 'callee-file' }),
        calleeSummary,
      ),
      'A CSV header may name a Callee (or Number, Phone) column and a UUI column; other columns become the call’s Variables.',
    ),
    startTime: fieldBox(
      'Start',
      input({ name: 'startTime', type: 'datetime-local', value: toDateTimeLocal(now) }),
    ),
    endTime: fieldBox(
      'End',
      input({ name: 'endTime', type: 'datetime-local', value: toDateTimeLocal(now + 8 * 3600_000) }),
    ),
    timeZone: fieldBox(
      'Time zone',
      input({ name: 'timeZone', type: 'text', list: 'time-zones', autocomplete: 'off' }),
      {
        hint: 'Of the calling hours, e.g. Asia/Shanghai. Empty: UTC.',
      },
    ),
    availableTime: fieldBox(
      'Calling hours',
      input({
        name: 'availableTime',
        type: 'text',
        placeholder: '09:00-12:00, 13:30-18:00',
        autocomplete: 'off',
      }),
      { hint: 'Daily windows in which calls may be placed. Empty: any time.' },
    ),
    callOrder: fieldGroup(
      'Call order',
      h(
        'div',
        { class: 'checks' },
        h(
          'label',
          { class: 'check' },
          input({ type: 'radio', name: 'callOrder', value: '0', checked: true }),
          ' Random',
        ),
        h(
          'label',
          { class: 'check' },
          input({ type: 'radio', name: 'callOrder', value: '1' }),
          ' In list order',
        ),
      ),
    ),
    retryTimes: fieldBox(
      'Retries',
      select(
        'retryTimes',
        [
          ['0', 'None'],
          ['1', '1'],
          ['2', '2'],
        ],
        '0',
      ),
      {
        hint: 'For busy, unanswered and abandoned calls.',
      },
    ),
    retryInterval: fieldBox(
      'Retry interval (seconds)',
      input({
        name: 'retryInterval',
        type: 'number',
        inputmode: 'numeric',
        min: '60',
        max: '86400',
        value: '600',
      }),
      { hint: '60–86400.' },
    ),
    ivr: fieldBox(
      'IVR for abandoned calls',
      select('ivr', [
        ['', 'None: hang up'],
        ...directory.Ivrs.map((i): [string, string] => [String(i.IvrId), `${i.Name} (${i.IvrId})`]),
      ]),
    ),
    uui: fieldBox('UUI', input({ name: 'uui', type: 'text', autocomplete: 'off' }), {
      hint: 'Attached to every call.',
    }),
    variables: fieldBox(
      'Variables',
      h('textarea', { name: 'variables', rows: '3', spellcheck: 'false', placeholder: 'plan=gold' }),
      {
        hint: 'One Key=Value per line, attached to every call.',
      },
    ),
  };
  const skillGroupSelect = fields.skillGroup.control as HTMLSelectElement;
  const showAgents = () => {
    const group = directory.SkillGroups.find((g) => String(g.SkillGroupId) === skillGroupSelect.value);
    groupHint.textContent = group ? ` ${group.AgentCount} agent${group.AgentCount === 1 ? '' : 's'}.` : '';
  };
  fields.skillGroup.element.querySelector('.hint')?.append(groupHint);
  skillGroupSelect.addEventListener('change', showAgents);
  showAgents();
  if (!firstGroup) showFieldError(fields.skillGroup, 'This application has no skill group yet.');

  const formError = h('p', { class: 'form-error', role: 'alert' });
  const progress = uploadProgress();
  const simulateButton = h('button', { type: 'button', class: 'button' }, 'Simulate before running');
  const createButton = h('button', { type: 'submit', class: 'button primary' }, 'Create campaign');
  const simulation = simulationPanel();
  const zones = h(
    'datalist',
    { id: 'time-zones' },
    (Intl as { supportedValuesOf?: (key: string) => string[] })
      .supportedValuesOf?.('timeZone')
      .map((z) => h('option', { value: z })) ?? [],
  );

  const form = h(
    'form',
    { class: 'campaign-form', novalidate: true, 'aria-labelledby': 'new-campaign-title' },
    h(
      'fieldset',
      { class: 'card' },
      h('legend', {}, 'Campaign'),
      h(
        'div',
        { class: 'grid' },
        fields.name.element,
        fields.skillGroup.element,
        fields.priority.element,
        fields.abandonRate.element,
      ),
      fields.callers.element,
    ),
    h(
      'fieldset',
      { class: 'card' },
      h('legend', {}, 'Who to call'),
      fields.callees.element,
      fields.callOrder.element,
    ),
    h(
      'fieldset',
      { class: 'card' },
      h('legend', {}, 'When'),
      h(
        'div',
        { class: 'grid' },
        fields.startTime.element,
        fields.endTime.element,
        fields.timeZone.element,
        fields.availableTime.element,
      ),
    ),
    h(
      'fieldset',
      { class: 'card' },
      h('legend', {}, 'Retries and call data'),
      h(
        'div',
        { class: 'grid' },
        fields.retryTimes.element,
        fields.retryInterval.element,
        fields.ivr.element,
        fields.uui.element,
        fields.variables.element,
      ),
    ),
    zones,
    formError,
    progress.element,
    h('div', { class: 'form-actions' }, simulateButton, createButton),
  );
  main.querySelector('h1')!.id = 'new-campaign-title';
  main.append(form, simulation.element);

  // The callee list is read once per change, so the simulator and the create call see the same.
  let parsed: { list: CalleeList; source: string } | undefined;
  const resetParsed = () => {
    parsed = undefined;
    calleeSummary.textContent = '';
  };
  calleeText.addEventListener('input', resetParsed);
  calleeFile.addEventListener('change', resetParsed);

  const readCallees = async (): Promise<CalleeList> => {
    if (parsed) return parsed.list;
    const file = calleeFile.files?.[0];
    const text = file ? await progress.readFile(file) : calleeText.value;
    const list = parseCalleeList(text);
    parsed = { list, source: file ? file.name : 'the list' };
    calleeSummary.textContent = `${count(list.entries.length)} callee${list.entries.length === 1 ? '' : 's'} read from ${
      file ? file.name : 'the text'
    }${list.header ? ` (header: ${list.header.join(', ')})` : ''}.`;
    return list;
  };

  const values = (): CampaignFormValues => {
    const value = (box: FieldBox) => (box.control as HTMLInputElement).value;
    const checked = (name: string) =>
      [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map((i) => i.value);
    return {
      name: value(fields.name),
      skillGroupId: value(fields.skillGroup),
      priority: value(fields.priority),
      expectedAbandonRate: value(fields.abandonRate),
      callers: checked('Callers'),
      callOrder: checked('callOrder')[0] ?? '',
      retryTimes: value(fields.retryTimes),
      retryInterval: value(fields.retryInterval),
      startTime: value(fields.startTime),
      endTime: value(fields.endTime),
      timeZone: value(fields.timeZone),
      availableTime: value(fields.availableTime),
      ivrId: value(fields.ivr),
      uui: value(fields.uui),
      variables: value(fields.variables),
    };
  };

  const clearErrors = () => {
    formError.textContent = '';
    for (const box of Object.values(fields)) clearFieldError(box);
  };

  /** Shows a refusal next to its field, with the line of the list for a refused callee. */
  const showError = (error: unknown, lines?: { callees: number[]; attributes: number[] }) => {
    if (!(error instanceof ApiError)) {
      formError.textContent = `Something went wrong: ${String(error)}`;
      return;
    }
    const [head = '', index] = (error.field ?? '').split('.');
    const key = FIELD_OF[head];
    if (!key) {
      formError.textContent = error.message;
      return;
    }
    let message = error.message;
    const at = index === undefined ? undefined : Number(index);
    const line =
      at === undefined
        ? undefined
        : head === 'Callees'
          ? lines?.callees[at]
          : head === 'CalleeAttributes'
            ? lines?.attributes[at]
            : undefined;
    if (line !== undefined) message += ` (line ${line} of ${parsed?.source ?? 'the list'})`;
    showFieldError(fields[key], message);
    formError.textContent = 'The campaign was not created: see the marked field.';
    focusField(fields[key]);
  };

  const busy = (on: boolean) => {
    createButton.disabled = on;
    simulateButton.disabled = on;
    form.setAttribute('aria-busy', String(on));
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors();
    busy(true);
    let lines: { callees: number[]; attributes: number[] } | undefined;
    try {
      const list = await readCallees();
      const callees = campaignCallees(list);
      lines = { callees: callees.lines, attributes: callees.attributeLines };
      const body = {
        ...campaignParams(sdkAppId, values()),
        Callees: callees.Callees,
        ...(callees.CalleeAttributes ? { CalleeAttributes: callees.CalleeAttributes } : {}),
      };
      const created = await progress.track(
        (onProgress) =>
          postWithProgress<{ CampaignId: number }>(
            '/actions/CreatePredictiveDialingCampaign',
            body,
            onProgress,
          ),
        `${count(callees.Callees.length)} callees`,
      );
      go(`/apps/${sdkAppId}/campaigns/${created.CampaignId}`);
    } catch (error) {
      showError(error, lines);
    } finally {
      busy(false);
    }
  });

  simulateButton.addEventListener('click', async () => {
    clearErrors();
    busy(true);
    try {
      const list = await readCallees();
      await simulation.run(sdkAppId, {
        ...campaignParams(sdkAppId, values()),
        CalleeCount: list.entries.length,
      });
    } catch (error) {
      showError(error);
    } finally {
      busy(false);
    }
  });
  return undefined;
}
