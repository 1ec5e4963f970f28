import type { DeskCall, DeskSnapshot } from '../../src/console/consoleWire.ts';
import { ApiError, api } from './consoleApi.ts';
import { duration } from './displayFormats.ts';
import { fill, h, setText } from './element.ts';
import { liveStream } from './liveStream.ts';
import { AGENT_STATUS, sessionOutcome } from './statusLabels.ts';

const CHOICES = [
  { status: 'free', label: 'Free', hint: 'Take calls' },
  { status: 'rest', label: 'Rest', hint: 'On a break' },
  { status: 'notReady', label: 'Not ready', hint: 'No calls for now' },
] as const;

/**
 * The agent desk: status buttons, the call connected to the agent (callee, campaign, UUI and
 * Variables), and after it the wrap-up with its countdown and a button to be free again.
 */
export function deskPage(main: HTMLElement): () => void {
  const title = h('h1', {}, 'Agent desk');
  const who = h('p', { class: 'hint' });
  const alert = h('p', { class: 'form-error', role: 'alert' });
  const connection = h('span', { class: 'connection', role: 'status' }, 'Connecting…');
  const statusBadge = h('span', { class: 'badge big' }, '…');
  const since = h('span', { class: 'muted' });
  // Announced politely for status changes, assertively for a new call.
  const callAnnouncer = h('p', { class: 'visually-hidden', 'aria-live': 'assertive' });

  const buttons = CHOICES.map((choice) =>
    h(
      'button',
      {
        type: 'button',
        class: 'button status-choice',
        'data-status': choice.status,
        'aria-pressed': 'false',
        onclick: async (event: Event) => {
          const button = event.currentTarget as HTMLButtonElement;
          button.disabled = true;
          try {
            await api('POST', '/agent/status', { Status: choice.status });
            alert.textContent = '';
          } catch (error) {
            alert.textContent = error instanceof ApiError ? error.message : String(error);
          } finally {
            button.disabled = false;
          }
        },
      },
      h('span', { class: 'choice-label' }, choice.label),
      h('span', { class: 'choice-hint' }, choice.hint),
    ),
  );

  const callPanel = h('section', { class: 'card call-panel', 'aria-labelledby': 'call-title' });
  main.append(
    h('div', { class: 'page-head' }, title, connection),
    who,
    alert,
    callAnnouncer,
    h(
      'section',
      { class: 'card status-panel', 'aria-labelledby': 'status-title' },
      h('h2', { id: 'status-title' }, 'Status'),
      h('p', { class: 'status-line' }, statusBadge, ' ', since),
      h('div', { class: 'status-choices', role: 'group', 'aria-label': 'Set your status' }, buttons),
    ),
    callPanel,
  );

  let latest: DeskSnapshot | undefined;
  let receivedAt = 0;
  let currentCallId: string | null = null;
  let shownState = '';

  /** Business time now, between frames: the server's clock may run faster than real time. */
  const nowAt = (s: DeskSnapshot) => s.At + (Date.now() - receivedAt) * s.ClockSpeed;

  const callDetails = (call: DeskCall) =>
    h(
      'dl',
      { class: 'call-details' },
      h('div', { class: 'wide' }, h('dt', {}, 'Callee'), h('dd', { class: 'callee' }, call.Callee)),
      h('div', {}, h('dt', {}, 'Campaign'), h('dd', {}, `${call.CampaignName || '–'} (${call.CampaignId})`)),
      h('div', {}, h('dt', {}, 'Caller number'), h('dd', {}, call.Caller)),
      h('div', {}, h('dt', {}, 'UUI'), h('dd', {}, call.UUI || '–')),
      h(
        'div',
        { class: 'wide' },
        h('dt', {}, 'Variables'),
        h(
          'dd',
          {},
          call.Variables.length === 0
            ? '–'
            : h(
                'table',
                { class: 'data compact variables' },
                h('caption', { class: 'visually-hidden' }, 'Call variables'),
                h(
                  'thead',
                  {},
                  h('tr', {}, h('th', { scope: 'col' }, 'Key'), h('th', { scope: 'col' }, 'Value')),
                ),
                h(
                  'tbody',
                  {},
                  call.Variables.map((v) =>
                    h('tr', {}, h('th', { scope: 'row' }, v.Key), h('td', {}, v.Value)),
                  ),
                ),
              ),
        ),
      ),
    );

  const talkClock = h('p', { class: 'talk-clock', 'aria-live': 'off' });
  const countdown = h('p', { class: 'countdown', 'aria-live': 'off' });
  const wrapBar = h('progress', { max: '100', value: '0', 'aria-label': 'Wrap-up time left' });

  /** Redraws the call panel when what it shows changes; the clocks tick separately. */
  const drawPanel = (s: DeskSnapshot) => {
    const state = s.Call
      ? `call:${s.Call.SessionId}`
      : s.WrapUp
        ? `wrap:${s.LastCall?.SessionId ?? ''}`
        : `idle:${s.Agent.Status}`;
    if (state === shownState) return;
    shownState = state;
    if (s.Call) {
      fill(
        callPanel,
        h('h2', { id: 'call-title' }, 'On a call'),
        talkClock,
        callDetails(s.Call),
        h(
          'div',
          { class: 'form-actions' },
          h(
            'button',
            {
              type: 'button',
              class: 'button danger',
              onclick: async () => {
                try {
                  await api('POST', '/agent/hangup');
                } catch (error) {
                  alert.textContent = error instanceof ApiError ? error.message : String(error);
                }
              },
            },
            'Hang up',
          ),
        ),
      );
      callPanel.classList.add('live');
      return;
    }
    callPanel.classList.remove('live');
    if (s.WrapUp) {
      fill(
        callPanel,
        h('h2', { id: 'call-title' }, 'Wrap-up'),
        countdown,
        wrapBar,
        s.LastCall
          ? h(
              'div',
              {},
              h(
                'p',
                { class: 'hint' },
                `Call ended: ${sessionOutcome(s.LastCall.SessionStatus, s.LastCall.EndStatus)}.`,
              ),
              callDetails(s.LastCall),
            )
          : null,
        h(
          'div',
          { class: 'form-actions' },
          h(
            'button',
            {
              type: 'button',
              class: 'button primary',
              onclick: async () => {
                try {
                  await api('POST', '/agent/status', { Status: 'free' });
                } catch (error) {
                  alert.textContent = error instanceof ApiError ? error.message : String(error);
                }
              },
            },
            'Ready for the next call',
          ),
        ),
      );
      return;
    }
    const idle: Record<string, string> = {
      free: 'Waiting for a call…',
      rest: 'On a break: set your status to Free to take calls.',
      notReady: 'Not ready: set your status to Free to take calls.',
      offline: 'Offline: set your status to Free to take calls.',
      busy: 'Connecting a call…',
    };
    fill(
      callPanel,
      h('h2', { id: 'call-title' }, 'No call'),
      h('p', { class: 'idle' }, idle[s.Agent.Status] ?? ''),
    );
  };

  const tick = () => {
    const s = latest;
    if (!s) return;
    const now = nowAt(s);
    setText(since, `for ${duration((now - s.Agent.Since) / 1000)}`);
    if (s.Call?.ConnectedAt) setText(talkClock, `Talking for ${duration((now - s.Call.ConnectedAt) / 1000)}`);
    if (s.WrapUp) {
      const left = Math.max(0, (s.WrapUp.EndsAt - now) / 1000);
      setText(countdown, `${Math.ceil(left)} s left, then you are free for the next call.`);
      wrapBar.value = s.WrapUp.Seconds > 0 ? Math.round((100 * left) / s.WrapUp.Seconds) : 0;
    }
  };

  const show = (s: DeskSnapshot) => {
    latest = s;
    receivedAt = Date.now();
    setText(
      who,
      `${s.Agent.Name} · ${s.Agent.Mail} · staff number ${s.Agent.StaffNumber} · ${s.Agent.SkillGroups.map((g) => g.SkillGroupName).join(', ') || 'no skill group'}`,
    );
    setText(statusBadge, AGENT_STATUS[s.Agent.Status] ?? s.Agent.Status);
    statusBadge.className = `badge big agent-${s.Agent.Status}`;
    main.dataset.agentStatus = s.Agent.Status;
    for (const button of buttons) {
      button.setAttribute('aria-pressed', String(button.dataset.status === s.Agent.Status));
    }
    const callId = s.Call?.SessionId ?? null;
    if (callId && callId !== currentCallId) {
      callAnnouncer.textContent = `Call connected: ${s.Call!.Callee}, campaign ${s.Call!.CampaignName}.`;
    }
    currentCallId = callId;
    drawPanel(s);
    tick();
  };

  const clock = setInterval(tick, 250);
  const stop = liveStream(
    '/agent/live',
    {
      snapshot: (data) => show(data as DeskSnapshot),
      gone: () => {
        alert.textContent = 'This staff account no longer exists.';
      },
    },
    (state) => {
      connection.textContent =
        state === 'open' ? 'Live' : state === 'reconnecting' ? 'Reconnecting…' : 'Disconnected';
      connection.className = `connection ${state}`;
      if (state === 'closed') void api('GET', '/session').catch(() => undefined);
    },
  );
  return () => {
    clearInterval(clock);
    stop();
    delete main.dataset.agentStatus;
  };
}
