import { expect } from 'chai';
import { externalUsername, usernameFromClaim } from '../../../server/domain/external-username.js';

describe('user names of single sign-on accounts', () => {
  it('keeps a valid claim, lower-cased', () => {
    expect(usernameFromClaim('Alice')).to.equal('alice');
    expect(usernameFromClaim('j.doe_2')).to.equal('j.doe_2');
  });

  it('keeps the local part of an address (Entra ID sends a UPN as preferred_username)', () => {
    expect(usernameFromClaim('Jean.Dupont@Contoso.com')).to.equal('jean.dupont');
  });

  it('folds accents and replaces what a user name cannot hold', () => {
    expect(usernameFromClaim('Zoë Kravitz')).to.equal('zoe-kravitz');
    expect(usernameFromClaim('  -bob+work ')).to.equal('bob-work');
  });

  it('gives null when nothing usable is left, and caps the length at 64', () => {
    expect(usernameFromClaim('@@@')).to.equal(null);
    expect(usernameFromClaim('日本')).to.equal(null);
    expect(usernameFromClaim(null)).to.equal(null);
    expect(usernameFromClaim('a'.repeat(100))).to.equal('a'.repeat(64));
  });

  it('falls back to the address when the user-name claim yields nothing', () => {
    expect(externalUsername(null, 'carol@example.com')).to.equal('carol');
    expect(externalUsername('???', 'carol@example.com')).to.equal('carol');
    expect(externalUsername('dave', 'carol@example.com')).to.equal('dave');
    expect(externalUsername(null, null)).to.equal(null);
  });
});
