import { MemoryDialerStore } from '../../src/store/memory/memoryDialerStore.ts';
import { C_APP, C_GROUP, type ContractFixture, dialerStoreContract } from './support/dialerStoreContract.ts';

dialerStoreContract('memory', async (): Promise<ContractFixture> => {
  const store = new MemoryDialerStore();
  return {
    store,
    async seedApplication() {
      store.addApplication({
        sdkAppId: C_APP,
        numbers: [
          { number: '+1', state: 1, maxConcurrentCalls: null, maxCallsPerSecond: null },
          { number: '+2', state: 1, maxConcurrentCalls: null, maxCallsPerSecond: null },
        ],
        ivrs: [{ ivrId: 5, target: 'ivr:5' }],
      });
      store.addSkillGroup({ skillGroupId: C_GROUP, sdkAppId: C_APP, name: 'Group' });
    },
    async addAgent(mail, status, skillGroupIds) {
      store.addAgent({ sdkAppId: C_APP, mail, status, skillGroupIds });
    },
    async addCampaign(seed, callees) {
      return store.addCampaign(
        { sdkAppId: C_APP, skillGroupId: C_GROUP, callers: ['+1', '+2'], ...seed },
        callees,
      );
    },
    async deleteCampaign(id) {
      store.deleteCampaign(id);
    },
    async session(id) {
      return store.session(id);
    },
    async callee(campaignId, seq) {
      return store.callee(campaignId, seq)!;
    },
    async statusLog(mail) {
      return store.statusLog.filter((e) => e.mail === mail).map((e) => e.status);
    },
    async close() {},
  };
});
