import { expect } from 'chai';
import { SignInLimiter } from '../../../server/security/sign-in-limiter.js';

const LIMITS = { perAccountAndAddress: 3, perAddress: 10, perAccount: 5, windowSeconds: 600 };

describe('sign-in limiter (in memory)', () => {
  it('refuses one login from one address after its limit, and nothing else', async () => {
    const limiter = new SignInLimiter(LIMITS);
    for (let n = 0; n < 3; n += 1) await limiter.recordFailure('Carol', '10.0.0.1');
    expect(await limiter.blockedFor('carol', '10.0.0.1')).to.be.greaterThan(0);
    expect(await limiter.blockedFor('carol', '10.0.0.2')).to.equal(0);
    expect(await limiter.blockedFor('bob', '10.0.0.1')).to.equal(0);
  });

  it('reports each limit once, by the failure that used it up', async () => {
    const limiter = new SignInLimiter(LIMITS);
    const reports = [];
    for (let n = 0; n < 4; n += 1) reports.push(await limiter.recordFailure('carol', '10.0.0.1'));
    expect(reports).to.deep.equal([[], [], ['account-and-address'], []]);
  });

  it('past the all-addresses limit, refuses only addresses that already failed for that login', async () => {
    const limiter = new SignInLimiter(LIMITS);
    const reached = [];
    for (let n = 1; n <= 5; n += 1) reached.push(...(await limiter.recordFailure('carol', `10.0.0.${n}`)));
    expect(reached).to.deep.equal(['account']);
    expect(await limiter.blockedFor('carol', '10.0.0.1')).to.be.greaterThan(0);
    expect(await limiter.blockedFor('carol', '192.168.1.20')).to.equal(0);
    expect(await limiter.blockedFor('dave', '10.0.0.1')).to.equal(0);
  });

  it('a success resets that address\'s run for that login, not the counts of others', async () => {
    const limiter = new SignInLimiter(LIMITS);
    for (let n = 0; n < 2; n += 1) await limiter.recordFailure('carol', '10.0.0.1');
    for (let n = 0; n < 2; n += 1) await limiter.recordFailure('carol', '10.0.0.9');
    await limiter.recordSuccess('carol', '10.0.0.1');
    expect(await limiter.blockedFor('carol', '10.0.0.1')).to.equal(0);
    // The fifth failure overall: the all-addresses count survived the success, the run from 10.0.0.1 did not.
    expect(await limiter.recordFailure('carol', '10.0.0.1')).to.deep.equal(['account']);
    expect(await limiter.recordFailure('carol', '10.0.0.9')).to.deep.equal(['account-and-address']);
  });
});
