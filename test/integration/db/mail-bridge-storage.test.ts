/**
 * Reply addresses bind a notification mail to one person and one post. Only
 * the token's hash is stored; a forged, altered or expired token resolves to
 * nobody, and an address on another domain is not ours at all.
 */
import { expect } from 'chai';
import { MailArrivalRepository } from '../../../server/db/repositories/mail-arrival-repository.js';
import { MailReplyTokenRepository } from '../../../server/db/repositories/mail-reply-token-repository.js';
import { MailReplyAddresses, REPLY_TOKEN_TTL_MS, replyTokenOf } from '../../../server/services/mail-bridge/reply-address.js';
import { insertPost } from '../../helpers/post-fixtures.js';
import { startTestApp, type TestApp } from '../../helpers/test-app.js';

describe('mail reply addresses', () => {
  let testApp: TestApp;
  let addresses: MailReplyAddresses;
  let userId: string;
  let postId: string;
  const domain = 'warble.example.com';

  before(async () => {
    testApp = await startTestApp();
    const { localUsers, models, sequelize } = testApp.container;
    userId = (await localUsers.create({ username: 'mail_replier', password: 'mail replier password' })).id;
    postId = await insertPost(models, { authorId: userId, text: 'a post to answer by mail' });
    addresses = new MailReplyAddresses(new MailReplyTokenRepository(sequelize), domain);
  });
  after(() => testApp.close());

  it('issues an address that resolves to the person and the post, whatever the case of the letters', async () => {
    const address = await addresses.issue(userId, postId);
    expect(address).to.match(/^reply\+[0-9a-f]{40}@warble\.example\.com$/);
    expect(address.split('@')[0]!.length).to.be.at.most(64);
    const token = replyTokenOf(address.toUpperCase(), domain);
    expect(token).to.be.a('string');
    expect(await addresses.resolve(token!)).to.deep.equal({ ok: true, userId, postId });
  });

  it('keeps only a hash of the token', async () => {
    const address = await addresses.issue(userId, postId);
    const token = replyTokenOf(address, domain)!;
    const rows = await testApp.container.sequelize.query('SELECT token_hash FROM mail_reply_tokens', { type: 'SELECT' }) as { token_hash: string }[];
    expect(rows.map((row) => row.token_hash)).to.not.include(token);
  });

  it('refuses an altered token, a made-up one and garbage', async () => {
    const token = replyTokenOf(await addresses.issue(userId, postId), domain)!;
    const altered = `${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`;
    expect(await addresses.resolve(altered)).to.deep.equal({ ok: false, reason: 'unknown' });
    expect(await addresses.resolve('0'.repeat(40))).to.deep.equal({ ok: false, reason: 'unknown' });
    expect(await addresses.resolve("' OR 1=1 --")).to.deep.equal({ ok: false, reason: 'unknown' });
  });

  it('refuses a token past its lifetime', async () => {
    const issuedAt = new Date('2026-01-01T00:00:00Z');
    const token = replyTokenOf(await addresses.issue(userId, postId, issuedAt), domain)!;
    expect((await addresses.resolve(token, new Date(issuedAt.getTime() + REPLY_TOKEN_TTL_MS - 1000))).ok).to.equal(true);
    expect(await addresses.resolve(token, new Date(issuedAt.getTime() + REPLY_TOKEN_TTL_MS))).to.deep.equal({ ok: false, reason: 'expired' });
  });

  it('recognises only reply addresses on the incoming domain', () => {
    const token = 'a'.repeat(40);
    expect(replyTokenOf(`reply+${token}@WARBLE.example.com`, domain)).to.equal(token);
    expect(replyTokenOf(`reply+${token}@evil.example.com`, domain)).to.equal(null);
    expect(replyTokenOf(`reply+${token}@warble.example.com.evil.test`, domain)).to.equal(null);
    expect(replyTokenOf(`other+${token}@warble.example.com`, domain)).to.equal(null);
    expect(replyTokenOf(`reply+${token.slice(1)}@warble.example.com`, domain)).to.equal(null);
    expect(replyTokenOf('no-at-sign', domain)).to.equal(null);
  });
});

describe('mail arrivals', () => {
  let testApp: TestApp;
  before(async () => {
    testApp = await startTestApp();
  });
  after(() => testApp.close());

  it('counts what arrived by mail, by kind, inside the time range only', async () => {
    const { localUsers, sequelize } = testApp.container;
    const arrivals = new MailArrivalRepository(sequelize);
    const userId = (await localUsers.create({ username: 'mail_arrival', password: 'mail arrival password' })).id;
    const day = (d: number) => new Date(Date.UTC(2026, 0, d));
    await arrivals.record('reply', userId, 'x', undefined, day(2));
    await arrivals.record('reply', userId, 'y', undefined, day(3));
    await arrivals.record('acknowledgement', userId, 'z', undefined, day(3));
    await arrivals.record('post', userId, 'w', undefined, day(9));
    expect(await arrivals.countByKind(day(1), day(5))).to.deep.equal({ reply: 2, post: 0, acknowledgement: 1 });
    expect(await arrivals.countByKind(day(3), day(10))).to.deep.equal({ reply: 1, post: 1, acknowledgement: 1 });
  });
});
