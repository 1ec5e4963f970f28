import { api } from './consoleApi.ts';
import { fill, h } from './element.ts';
import { go, type Params } from './router.ts';
import { remember, session } from './signedIn.ts';

/** The top bar: the application picker and page links for supervisors, and signing out. */
export function renderNav(nav: HTMLElement, params: Params): void {
  const current = session();
  if (!current) {
    fill(nav);
    return;
  }
  const signOut = h(
    'button',
    {
      type: 'button',
      class: 'button ghost',
      onclick: async () => {
        await api('DELETE', '/session').catch(() => undefined);
        remember(undefined);
        go('/signin');
      },
    },
    'Sign out',
  );
  if (current.Kind === 'agent') {
    fill(nav, h('span', { class: 'who' }, current.Agent?.Name ?? ''), signOut);
    return;
  }
  const apps = current.Apps ?? [];
  const app = params.app ?? String(apps[0]?.SdkAppId ?? '');
  const picker =
    apps.length > 1
      ? h(
          'label',
          { class: 'app-picker' },
          h('span', {}, 'Application'),
          h(
            'select',
            {
              onchange: (e: Event) => go(`/apps/${(e.target as HTMLSelectElement).value}/campaigns`),
            },
            apps.map((a) =>
              h(
                'option',
                { value: String(a.SdkAppId), selected: String(a.SdkAppId) === app },
                `${a.Name} (${a.SdkAppId})`,
              ),
            ),
          ),
        )
      : h('span', { class: 'who' }, apps[0] ? `${apps[0].Name} · ${apps[0].SdkAppId}` : 'No applications');
  fill(
    nav,
    picker,
    h('a', { href: `#/apps/${app}/campaigns`, class: 'navlink' }, 'Campaigns'),
    h('a', { href: `#/apps/${app}/new`, class: 'navlink' }, 'New campaign'),
    signOut,
  );
}
