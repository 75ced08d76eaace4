import { expect } from 'chai';
import { LeaseRepository } from '../../../server/db/repositories/lease-repository.js';
import { PluginScheduler } from '../../../server/plugins/plugin-scheduler.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

describe('scheduled plugin jobs', () => {
  let testApp: TestApp;
  before(async () => {
    testApp = await startTestApp();
  });
  after(() => testApp.close());

  it('a job scheduled on two nodes runs once per occurrence (database lease)', async function () {
    this.timeout(10_000);
    const leases = new LeaseRepository(testApp.container.models);
    const errors: unknown[] = [];
    const nodes = [new PluginScheduler(leases, (_job, error) => errors.push(error)), new PluginScheduler(leases, (_job, error) => errors.push(error))];
    const runs: number[] = [];
    for (const node of nodes) node.start({ pluginId: 'probe', name: 'tick', options: { everyMs: 1000 }, run: async () => void runs.push(Math.round(Date.now() / 1000)) });
    await new Promise((resolve) => setTimeout(resolve, 2300));
    await Promise.all(nodes.map((node) => node.stop()));
    expect(errors).to.deep.equal([]);
    // Both nodes fired every second; each occurrence ran on one of them only.
    expect(runs.length).to.be.at.least(2);
    expect(new Set(runs).size).to.equal(runs.length);
  });

  it('refuses an invalid cron expression or interval', () => {
    expect(() => PluginScheduler.check({ cron: 'every friday' })).to.throw();
    expect(() => PluginScheduler.check({ everyMs: 10 })).to.throw(/at least 1000/);
    expect(() => PluginScheduler.check({ cron: '0 15 * * 5', timezone: 'Europe/Paris' })).to.not.throw();
  });
});
