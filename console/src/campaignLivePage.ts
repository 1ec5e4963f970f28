import type { CampaignPoint, CampaignSnapshot } from '../../src/console/consoleWire.ts';
import { COMMAND_LABEL, commandsFor, runCommand } from './campaignCommands.ts';
import { ApiError, api } from './consoleApi.ts';
import { clockTime, count, dateTime, duration, percent } from './displayFormats.ts';
import { fill, h, setText } from './element.ts';
import { liveStream } from './liveStream.ts';
import { go, type Params } from './router.ts';
import { tile } from './simulationPanel.ts';
import { AGENT_STATUS, campaignStatusText, outcomeTone, sessionOutcome } from './statusLabels.ts';
import { TimeSeriesChart } from './timeSeriesChart.ts';

/** Points kept per chart: an hour of one-second frames. */
const MAX_POINTS = 3600;

/**
 * One campaign, live: counters, charts of the abandon rate against its target, agent occupancy
 * and calls in flight, the skill group's agents by state, and the latest call attempts. Frames
 * arrive over server-sent events at least every second.
 */
export function campaignLivePage(main: HTMLElement, params: Params): () => void {
  const sdkAppId = Number(params.app);
  const campaignId = Number(params.campaign);

  const title = h('h1', {}, `Campaign ${campaignId}`);
  const badge = h('span', { class: 'badge' }, '…');
  const connection = h('span', { class: 'connection', role: 'status' }, 'Connecting…');
  const statusAnnouncer = h('p', { class: 'visually-hidden', 'aria-live': 'polite' });
  const commandBar = h('div', { class: 'actions' });
  const alert = h('p', { class: 'form-error', role: 'alert' });
  const meta = h('p', { class: 'hint' });

  const tiles = {
    inFlight: tile('Calls in flight', '–'),
    answered: tile('Answered', '–'),
    connected: tile('Connected', '–'),
    abandoned: tile('Abandoned', '–'),
    abandonRate: tile('Abandon rate', '–'),
    occupancy: tile('Agent occupancy', '–'),
    progress: tile('Callees finished', '–'),
  };
  const abandonChart = new TimeSeriesChart({
    title: 'Abandon rate against target',
    series: [
      { label: 'Abandon rate', color: '#c2410c', fill: 'rgba(194,65,12,0.08)' },
      { label: 'Target', color: '#6b7280', dash: [6, 4] },
    ],
    format: (v) => percent(v, 1),
    minTop: 10,
  });
  const occupancyChart = new TimeSeriesChart({
    title: 'Agent occupancy',
    series: [{ label: 'Occupancy', color: '#2563eb', fill: 'rgba(37,99,235,0.08)' }],
    format: (v) => percent(v, 0),
    minTop: 100,
  });
  const callsChart = new TimeSeriesChart({
    title: 'Calls in flight',
    series: [
      { label: 'In flight', color: '#7c3aed' },
      { label: 'In talk', color: '#059669' },
    ],
    format: (v) => String(Math.round(v)),
    minTop: 4,
  });

  const agentSummary = h('ul', { class: 'state-chips', 'aria-label': 'Agents by state' });
  const agentRows = h('tbody');
  const sessionRows = h('tbody');

  main.append(
    h('p', { class: 'crumbs' }, h('a', { href: `#/apps/${sdkAppId}/campaigns` }, '← Campaigns')),
    h('div', { class: 'page-head' }, h('div', { class: 'title-line' }, title, badge), commandBar),
    meta,
    connection,
    statusAnnouncer,
    alert,
    h('dl', { class: 'tiles live-tiles' }, Object.values(tiles)),
    h('div', { class: 'charts' }, abandonChart.element, occupancyChart.element, callsChart.element),
    h(
      'div',
      { class: 'columns' },
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'agents-title' },
        h('h2', { id: 'agents-title' }, 'Agents'),
        agentSummary,
        h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'data compact' },
            h('caption', { class: 'visually-hidden' }, 'Agents of the skill group'),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['Agent', 'Number', 'State', 'For'].map((t) => h('th', { scope: 'col' }, t)),
              ),
            ),
            agentRows,
          ),
        ),
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'sessions-title' },
        h('h2', { id: 'sessions-title' }, 'Latest calls'),
        h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'data compact' },
            h('caption', { class: 'visually-hidden' }, 'Latest call attempts'),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['Started', 'Callee', 'Outcome', 'Agent'].map((t) => h('th', { scope: 'col' }, t)),
              ),
            ),
            sessionRows,
          ),
        ),
      ),
    ),
  );

  const times: number[] = [];
  const abandonRates: number[] = [];
  const targets: number[] = [];
  const occupancy: number[] = [];
  const inFlight: number[] = [];
  const talking: number[] = [];
  let lastStatus = '';

  const setTile = (el: HTMLElement, value: string, tone?: 'ok' | 'bad', note = '') => {
    setText(el.querySelector('.value')!, value);
    setText(el.querySelector('.note')!, note);
    el.classList.toggle('bad', tone === 'bad');
    el.classList.toggle('ok', tone === 'ok');
  };

  const addPoint = (p: CampaignPoint) => {
    if (times.length > 0 && p.At <= times.at(-1)!) return;
    times.push(p.At);
    abandonRates.push(p.AbandonRate);
    targets.push(p.TargetAbandonRate);
    occupancy.push(p.Occupancy);
    inFlight.push(p.InFlight);
    talking.push(p.Talking);
    if (times.length > MAX_POINTS) {
      for (const series of [times, abandonRates, targets, occupancy, inFlight, talking]) series.shift();
    }
  };

  const drawCharts = () => {
    abandonChart.setData(times, [abandonRates, targets]);
    occupancyChart.setData(times, [occupancy]);
    callsChart.setData(times, [inFlight, talking]);
  };

  const show = (s: CampaignSnapshot) => {
    const c = s.Campaign;
    setText(title, c.Name);
    if (c.Deleted) alert.textContent = 'This campaign was deleted.';
    const statusText = campaignStatusText(c.Status, c.StatusReason);
    setText(badge, statusText);
    badge.className = `badge status-${c.Status}`;
    if (lastStatus !== statusText) {
      if (lastStatus !== '') statusAnnouncer.textContent = `Campaign is now ${statusText}.`;
      lastStatus = statusText;
      fill(
        commandBar,
        commandsFor(c.Status).map((command) =>
          h(
            'button',
            {
              type: 'button',
              class: `button ${command === 'abort' || command === 'delete' ? 'danger' : ''}`,
              onclick: async (event: Event) => {
                const button = event.currentTarget as HTMLButtonElement;
                button.disabled = true;
                try {
                  if (await runCommand(command, sdkAppId, campaignId, c.Name)) {
                    alert.textContent = '';
                    if (command === 'delete') go(`/apps/${sdkAppId}/campaigns`);
                  }
                } catch (error) {
                  alert.textContent = error instanceof ApiError ? error.message : String(error);
                } finally {
                  button.disabled = false;
                }
              },
            },
            COMMAND_LABEL[command],
          ),
        ),
      );
    }
    setText(
      meta,
      `Skill group ${c.SkillGroupName || c.SkillGroupId} · priority ${c.Priority} · ${dateTime(c.StartTime * 1000)} – ${dateTime(
        c.EndTime * 1000,
      )}`,
    );
    setTile(
      tiles.inFlight,
      count(s.Calls.InFlight),
      undefined,
      `${s.Calls.Ringing} ringing · ${s.Calls.Waiting} waiting · ${s.Calls.Talking} in talk`,
    );
    setTile(tiles.answered, count(s.Calls.Answered), undefined, `of ${count(s.Calls.Placed)} placed`);
    setTile(tiles.connected, count(s.Calls.Connected), undefined, 'to an agent');
    setTile(tiles.abandoned, count(s.Calls.Abandoned), undefined, 'no agent in time');
    const over = s.Calls.Answered > 0 && s.Calls.AbandonRate > c.TargetAbandonRate;
    setTile(
      tiles.abandonRate,
      s.Calls.Answered > 0 ? percent(s.Calls.AbandonRate) : '–',
      s.Calls.Answered === 0 ? undefined : over ? 'bad' : 'ok',
      `target ${percent(c.TargetAbandonRate, 0)}`,
    );
    setTile(tiles.occupancy, percent(s.Agents.Occupancy, 0), undefined, `of ${s.Agents.LoggedIn} logged in`);
    const done = c.CalleeCount > 0 ? (100 * c.FinishedCalleeCount) / c.CalleeCount : 0;
    setTile(
      tiles.progress,
      `${count(c.FinishedCalleeCount)} / ${count(c.CalleeCount)}`,
      undefined,
      `${percent(done, 0)} done`,
    );

    fill(
      agentSummary,
      Object.entries(s.Agents.ByState)
        .filter(([, n]) => n > 0)
        .map(([state, n]) =>
          h('li', { class: `chip agent-${state}` }, `${AGENT_STATUS[state] ?? state}: ${n}`),
        ),
    );
    fill(
      agentRows,
      s.Agents.List.map((a) =>
        h(
          'tr',
          {},
          h(
            'th',
            { scope: 'row', 'data-label': 'Agent' },
            h('div', {}, a.Name, h('span', { class: 'muted block' }, a.Mail)),
          ),
          h('td', { 'data-label': 'Number' }, a.StaffNumber),
          h(
            'td',
            { 'data-label': 'State' },
            h('span', { class: `chip agent-${a.Status}` }, AGENT_STATUS[a.Status] ?? a.Status),
          ),
          h('td', { 'data-label': 'For' }, duration((s.At - a.Since) / 1000)),
        ),
      ),
    );
    fill(
      sessionRows,
      s.Sessions.map((x) =>
        h(
          'tr',
          {},
          h('td', { 'data-label': 'Started' }, clockTime(x.StartTimestamp)),
          h('td', { 'data-label': 'Callee' }, x.Callee),
          h(
            'td',
            { 'data-label': 'Outcome' },
            h(
              'span',
              { class: `outcome ${outcomeTone(x.EndStatus)}` },
              sessionOutcome(x.SessionStatus, x.EndStatus),
            ),
          ),
          h('td', { 'data-label': 'Agent' }, x.SeatUser ?? '–'),
        ),
      ),
    );
    if (s.Sessions.length === 0) {
      sessionRows.append(h('tr', {}, h('td', { colspan: '4', class: 'muted' }, 'No calls yet.')));
    }
  };

  const stop = liveStream(
    `/apps/${sdkAppId}/campaigns/${campaignId}/live`,
    {
      history: (data) => {
        for (const p of data as CampaignPoint[]) addPoint(p);
        drawCharts();
      },
      snapshot: (data) => {
        const s = data as CampaignSnapshot;
        addPoint({
          At: s.At,
          AbandonRate: s.Calls.AbandonRate,
          TargetAbandonRate: s.Campaign.TargetAbandonRate,
          Occupancy: s.Agents.Occupancy,
          InFlight: s.Calls.InFlight,
          Talking: s.Calls.Talking,
        });
        show(s);
        drawCharts();
        main.dataset.frames = String(Number(main.dataset.frames ?? 0) + 1);
      },
      gone: () => {
        alert.textContent = 'This campaign no longer exists.';
      },
    },
    (state) => {
      connection.textContent =
        state === 'open' ? 'Live' : state === 'reconnecting' ? 'Reconnecting…' : 'Disconnected';
      connection.className = `connection ${state}`;
      if (state === 'closed') {
        alert.textContent ||= 'The live feed stopped. Reload the page to try again.';
        // A lapsed session sends the person to the sign-in page.
        void api('GET', '/session').catch(() => undefined);
      }
    },
  );
  return () => {
    stop();
    abandonChart.destroy();
    occupancyChart.destroy();
    callsChart.destroy();
    delete main.dataset.frames;
  };
}
