import { expect } from 'chai';
import { unsubscribeToken, verifyUnsubscribeToken } from '../../../server/services/digests/unsubscribe-token.js';

const SECRET = 'a session secret of reasonable length';
const USER = '01HZX3Q4Y9M2V8K7T6R5P4N3M2';
const OTHER = '01HZX3Q4Y9M2V8K7T6R5P4N3M3';

describe('digest unsubscribe tokens', () => {
  it('a token names its person', () => {
    expect(verifyUnsubscribeToken(SECRET, unsubscribeToken(SECRET, USER))).to.equal(USER);
  });

  it('refuses a token for another person, from another secret, altered, or malformed', () => {
    const token = unsubscribeToken(SECRET, USER);
    const signature = token.split('.')[1]!;
    expect(verifyUnsubscribeToken(SECRET, `${OTHER}.${signature}`)).to.equal(null);
    expect(verifyUnsubscribeToken('another secret entirely', token)).to.equal(null);
    expect(verifyUnsubscribeToken(SECRET, `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).to.equal(null);
    for (const bad of ['', USER, `${USER}.`, `${token}.x`, 'not-an-id.abc', 42, null, 'x'.repeat(500)]) {
      expect(verifyUnsubscribeToken(SECRET, bad), String(bad)).to.equal(null);
    }
  });

  it('is bound to its purpose: a plain HMAC of the id with the secret is not a token', async () => {
    const { createHmac } = await import('node:crypto');
    const plain = createHmac('sha256', SECRET).update(USER).digest('base64url');
    expect(verifyUnsubscribeToken(SECRET, `${USER}.${plain}`)).to.equal(null);
  });
});
