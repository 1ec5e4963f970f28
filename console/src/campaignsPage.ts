import type { CampaignLine, CampaignPage } from '../../src/console/consoleWire.ts';
import { COMMAND_LABEL, commandsFor, runCommand } from './campaignCommands.ts';
import { ApiError, api } from './consoleApi.ts';
import { count, dateTime, percent } from './displayFormats.ts';
import { fill, h, setText } from './element.ts';
import type { Params } from './router.ts';
import { campaignStatusText } from './statusLabels.ts';

const REFRESH_MS = 2000;

interface Row {
  readonly tr: HTMLTableRowElement;
  readonly cells: Record<string, HTMLTableCellElement>;
  readonly progress: HTMLProgressElement;
  status: string;
}

/**
 * The application's campaigns, refreshed every two seconds. Rows are updated in place, so a
 * keyboard user's focus on a button survives the refresh.
 */
export function campaignsPage(main: HTMLElement, params: Params): () => void {
  const sdkAppId = Number(params.app);
  const alert = h('p', { class: 'form-error', role: 'alert' });
  const tbody = h('tbody');
  const empty = h(
    'p',
    { class: 'empty', hidden: true },
    'No campaigns yet. ',
    h('a', { href: `#/apps/${sdkAppId}/new` }, 'Create the first one'),
    '.',
  );
  const table = h(
    'table',
    { class: 'data campaigns' },
    h('caption', { class: 'visually-hidden' }, `Campaigns of application ${sdkAppId}`),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        [
          'Name',
          'Status',
          'Priority',
          'Skill group',
          'Progress',
          'Abandon rate / target',
          'Start',
          'End',
          'Actions',
        ].map((title) => h('th', { scope: 'col' }, title)),
      ),
    ),
    tbody,
  );
  main.append(
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, 'Campaigns'),
      h('a', { class: 'button primary', href: `#/apps/${sdkAppId}/new` }, 'New campaign'),
    ),
    alert,
    h('div', { class: 'table-wrap' }, table),
    empty,
  );

  const rows = new Map<number, Row>();
  let stopped = false;

  const refresh = async () => {
    try {
      const page = await api<CampaignPage>('GET', `/apps/${sdkAppId}/campaigns?PageSize=100`);
      if (stopped) return;
      render(page.Campaigns);
      if (alert.textContent?.startsWith('Could not load')) alert.textContent = '';
    } catch (error) {
      if (!stopped) alert.textContent = `Could not load the campaigns: ${(error as Error).message}`;
    }
  };

  const render = (campaigns: readonly CampaignLine[]) => {
    empty.hidden = campaigns.length > 0;
    const seen = new Set<number>();
    campaigns.forEach((c, index) => {
      seen.add(c.CampaignId);
      let row = rows.get(c.CampaignId);
      if (!row) {
        row = newRow(c);
        rows.set(c.CampaignId, row);
      }
      if (tbody.children[index] !== row.tr) tbody.insertBefore(row.tr, tbody.children[index] ?? null);
      updateRow(row, c);
    });
    for (const [id, row] of rows) {
      if (!seen.has(id)) {
        row.tr.remove();
        rows.delete(id);
      }
    }
  };

  const newRow = (c: CampaignLine): Row => {
    const cells: Record<string, HTMLTableCellElement> = {};
    const labels = [
      'Name',
      'Status',
      'Priority',
      'Skill group',
      'Progress',
      'Abandon rate / target',
      'Start',
      'End',
      'Actions',
    ];
    const tr = h('tr', { 'data-campaign': String(c.CampaignId) });
    for (const label of labels) {
      const cell =
        label === 'Name' ? h('th', { scope: 'row', 'data-label': label }) : h('td', { 'data-label': label });
      cells[label] = cell;
      tr.append(cell);
    }
    cells.Name!.append(h('a', { href: `#/apps/${sdkAppId}/campaigns/${c.CampaignId}` }, c.Name));
    const progress = h('progress', { max: '1', value: '0', 'aria-label': `Progress of ${c.Name}` });
    cells.Progress!.append(progress, h('span', { class: 'progress-text' }));
    return { tr, cells, progress, status: '' };
  };

  const updateRow = (row: Row, c: CampaignLine) => {
    const { cells } = row;
    const link = cells.Name!.querySelector('a')!;
    setText(link, c.Name);
    const statusText = campaignStatusText(c.Status, c.StatusReason);
    if (cells.Status!.textContent !== statusText) {
      fill(cells.Status!, h('span', { class: `badge status-${c.Status}` }, statusText));
    }
    setText(cells.Priority!, String(c.Priority));
    setText(cells['Skill group']!, c.SkillGroupName || String(c.SkillGroupId));
    row.progress.max = Math.max(1, c.CalleeCount);
    row.progress.value = c.FinishedCalleeCount;
    setText(
      cells.Progress!.querySelector('.progress-text')!,
      `${count(c.FinishedCalleeCount)} / ${count(c.CalleeCount)}`,
    );
    const over = c.Answered > 0 && c.AbandonRate > c.TargetAbandonRate;
    cells['Abandon rate / target']!.className = over ? 'over-target' : '';
    setText(
      cells['Abandon rate / target']!,
      `${c.Answered > 0 ? percent(c.AbandonRate) : '–'} / ${percent(c.TargetAbandonRate, 0)}`,
    );
    setText(cells.Start!, dateTime(c.StartTime * 1000));
    setText(cells.End!, dateTime(c.EndTime * 1000));
    const statusKey = `${c.Status}`;
    if (row.status !== statusKey) {
      row.status = statusKey;
      fill(
        cells.Actions!,
        h(
          'div',
          { class: 'actions' },
          commandsFor(c.Status).map((command) =>
            h(
              'button',
              {
                type: 'button',
                class: `button small ${command === 'abort' || command === 'delete' ? 'danger' : ''}`,
                'aria-label': `${COMMAND_LABEL[command]} ${c.Name}`,
                onclick: async (event: Event) => {
                  const button = event.currentTarget as HTMLButtonElement;
                  button.disabled = true;
                  try {
                    if (await runCommand(command, sdkAppId, c.CampaignId, c.Name)) await refresh();
                    alert.textContent = '';
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
        ),
      );
    }
  };

  void refresh();
  const timer = setInterval(() => void refresh(), REFRESH_MS);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
