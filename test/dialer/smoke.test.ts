import { describe, expect, it } from 'vitest';
import { answered, startHarness } from './support/engineHarness.ts';

describe('smoke', () => {
  it('runs one call', async () => {
    const h = await startHarness({ script: () => answered(5, 30) });
    const id = h.addCampaign({}, 1);
    await h.runTo(120);
    console.log(h.log.filter((e) => e.name !== 'pacer:decision').map((e) => `${e.name} ${JSON.stringify(e.payload)}`).join('\n'));
    console.log(h.store.sessions(id));
    console.log(h.store.campaign(id));
    console.log(h.store.statusLog);
  });
});
