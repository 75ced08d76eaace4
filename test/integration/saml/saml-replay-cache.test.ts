import { expect } from 'chai';
import { SamlReplayRepository } from '../../../server/db/repositories/saml-replay-repository.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

describe('SAML replay cache (database)', () => {
  let testApp: TestApp;
  let repository: SamlReplayRepository;
  before(async () => {
    testApp = await startTestApp();
    repository = new SamlReplayRepository(testApp.container.sequelize);
  });
  after(() => testApp.close());

  const inAMinute = () => new Date(Date.now() + 60_000);

  it('lets exactly one of several simultaneous nodes remember the same assertion', async () => {
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => new SamlReplayRepository(testApp.container.sequelize).remember('assertion:_race', '', inAMinute())));
    expect(outcomes.filter(Boolean)).to.have.length(1);
  });

  it('forgets an id once it has expired, and purges dead rows', async () => {
    const now = new Date();
    expect(await repository.remember('assertion:_old', '', new Date(now.getTime() + 1000), now)).to.equal(true);
    expect(await repository.remember('assertion:_old', '', inAMinute(), now)).to.equal(false);
    const later = new Date(now.getTime() + 2000);
    expect(await repository.find('assertion:_old', later)).to.equal(null);
    expect(await repository.remember('assertion:_old', '', new Date(later.getTime() + 1000), later)).to.equal(true);
    expect(await repository.purgeExpired(new Date(later.getTime() + 5000))).to.be.at.least(1);
  });

  it('hands a request id to one taker only', async () => {
    await repository.remember('request:_r1', '2026-01-01T00:00:00Z', inAMinute());
    const taken = await Promise.all([repository.take('request:_r1'), repository.take('request:_r1')]);
    expect(taken.filter((value) => value !== null)).to.deep.equal(['2026-01-01T00:00:00Z']);
  });
});
