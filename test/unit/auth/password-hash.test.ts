import { expect } from 'chai';
import { hashPassword, verifyPassword } from '../../../server/auth/password-hash.js';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).to.match(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('correct horse battery', stored)).to.equal(true);
    expect(await verifyPassword('correct horse batterY', stored)).to.equal(false);
  });

  it('salts: the same password never gives the same hash', async () => {
    expect(await hashPassword('same password here')).not.to.equal(await hashPassword('same password here'));
  });

  it('refuses malformed stored values instead of throwing', async () => {
    expect(await verifyPassword('x', 'plain-text')).to.equal(false);
    expect(await verifyPassword('x', 'scrypt$1$2')).to.equal(false);
  });
});
