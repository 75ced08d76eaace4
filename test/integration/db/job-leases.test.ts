/**
 * Job leases keep a scheduled job (directory sync, digests, retention) to one
 * run at a time across nodes and within one. A live lease must refuse its own
 * holder too: two runs started in the same process share a holder, and a
 * lease that let "the same holder" through let both run (a flaky directory
 * sync test caught it). Renewing is the separate, explicit operation.
 */
import { expect } from 'chai';
import { LeaseRepository } from '../../../server/db/repositories/lease-repository.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

describe('job leases', () => {
  let testApp: TestApp;
  let leases: LeaseRepository;
  const minute = 60_000;
  const at = (iso: string) => new Date(iso);

  before(async () => {
    testApp = await startTestApp();
    leases = new LeaseRepository(testApp.container.models);
  });
  after(() => testApp.close());

  it('refuses a second acquire while the lease is live, from its own holder as from another', async () => {
    const now = at('2026-01-01T10:00:00Z');
    expect(await leases.acquire('job-a', 'node-1', minute, now)).to.equal(true);
    expect(await leases.acquire('job-a', 'node-1', minute, now)).to.equal(false);
    expect(await leases.acquire('job-a', 'node-2', minute, now)).to.equal(false);
  });

  it('lets exactly one of two concurrent acquires by the same holder win', async () => {
    const now = at('2026-01-01T10:00:00Z');
    const results = await Promise.all([
      leases.acquire('job-b', 'node-1', minute, now),
      leases.acquire('job-b', 'node-1', minute, now),
      leases.acquire('job-b', 'node-1', minute, now),
    ]);
    expect(results.filter(Boolean)).to.have.length(1);
  });

  it('hands an expired lease to whoever asks next', async () => {
    expect(await leases.acquire('job-c', 'node-1', minute, at('2026-01-01T10:00:00Z'))).to.equal(true);
    expect(await leases.acquire('job-c', 'node-2', minute, at('2026-01-01T10:01:00Z'))).to.equal(true);
    expect(await leases.renew('job-c', 'node-1', minute, at('2026-01-01T10:01:30Z'))).to.equal(false);
  });

  it('renews only for its holder, pushing the expiry out', async () => {
    expect(await leases.acquire('job-d', 'node-1', minute, at('2026-01-01T10:00:00Z'))).to.equal(true);
    expect(await leases.renew('job-d', 'node-1', minute, at('2026-01-01T10:00:50Z'))).to.equal(true);
    // Past the first expiry but inside the renewed one: still held.
    expect(await leases.acquire('job-d', 'node-2', minute, at('2026-01-01T10:01:10Z'))).to.equal(false);
    expect(await leases.renew('job-d', 'node-2', minute, at('2026-01-01T10:01:10Z'))).to.equal(false);
  });

  it('is free again once released, and only its holder can release it', async () => {
    const now = at('2026-01-01T10:00:00Z');
    expect(await leases.acquire('job-e', 'node-1', minute, now)).to.equal(true);
    await leases.release('job-e', 'node-2');
    expect(await leases.acquire('job-e', 'node-2', minute, now)).to.equal(false);
    await leases.release('job-e', 'node-1');
    expect(await leases.acquire('job-e', 'node-2', minute, now)).to.equal(true);
  });
});
