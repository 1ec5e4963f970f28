import './styles.css';
import { deskPage } from './agentDeskPage.ts';
import { newCampaignPage } from './campaignFormPage.ts';
import { campaignLivePage } from './campaignLivePage.ts';
import { campaignsPage } from './campaignsPage.ts';
import { whenSignedOut } from './consoleApi.ts';
import { go, Router } from './router.ts';
import { loadSession, remember, session } from './signedIn.ts';
import { signInPage } from './signInPage.ts';
import { renderNav } from './topNav.ts';

const main = document.getElementById('main')!;
const nav = document.getElementById('topnav')!;

/** Where a signed-in person starts: the first application's campaigns, or the agent's desk. */
function home(): string {
  const current = session();
  if (current?.Kind === 'agent') return '/desk';
  if (current?.Kind === 'supervisor' && current.Apps?.[0])
    return `/apps/${current.Apps[0].SdkAppId}/campaigns`;
  return '/signin';
}

/** Pages that need someone signed in send everyone else to the sign-in page. */
function guarded(
  kind: 'supervisor' | 'agent',
  page: Parameters<Router['add']>[1],
): Parameters<Router['add']>[1] {
  return (target, params) => {
    const current = session();
    if (current?.Kind !== kind) {
      go(current ? home() : '/signin');
      return undefined;
    }
    renderNav(nav, params);
    return page(target, params);
  };
}

const router = new Router()
  .add('/signin', (target, params) => {
    remember(undefined);
    renderNav(nav, params);
    return signInPage(target, (signedIn) => {
      remember(signedIn);
      go(home());
    });
  })
  .add('/', () => {
    go(home());
    return undefined;
  })
  .add('/apps/:app/campaigns', guarded('supervisor', campaignsPage))
  .add('/apps/:app/new', guarded('supervisor', newCampaignPage))
  .add('/apps/:app/campaigns/:campaign', guarded('supervisor', campaignLivePage))
  .add('/desk', guarded('agent', deskPage))
  .otherwise(() => go(home()));

whenSignedOut(() => go('/signin'));

void loadSession().then(() => router.start(main));
