import { expect } from 'chai';
import { grantsAnyWrite, parseScopes, scopesAllow, scopesWithin } from '../../../server/domain/scopes.js';

describe('OAuth scopes', () => {
  it('parses space- or plus-separated scopes, defaulting to read and refusing unknown ones', () => {
    expect(parseScopes('read  write+follow')).to.deep.equal({ ok: true, scopes: ['read', 'write', 'follow'] });
    expect(parseScopes('')).to.deep.equal({ ok: true, scopes: ['read'] });
    expect(parseScopes(['read', 'write:statuses'])).to.deep.equal({ ok: true, scopes: ['read', 'write:statuses'] });
    expect(parseScopes('read admin:read')).to.deep.equal({ ok: false, unknown: 'admin:read' });
  });

  it('follows Mastodon\'s hierarchy: read and write cover their parts, follow covers follows, blocks and mutes', () => {
    expect(scopesAllow(['write'], ['write:statuses'])).to.equal(true);
    expect(scopesAllow(['read'], ['write:statuses'])).to.equal(false);
    expect(scopesAllow(['write:statuses'], ['write'])).to.equal(false);
    expect(scopesAllow(['follow'], ['write:follows'])).to.equal(true);
    expect(scopesAllow(['follow'], ['write:statuses'])).to.equal(false);
    expect(scopesAllow(['read', 'write'], ['follow'])).to.equal(true);
    expect(scopesAllow(['profile'], ['read:accounts', 'profile'])).to.equal(true);
    expect(scopesAllow(['readx'], ['read:x'])).to.equal(false);
  });

  it('checks requested scopes against the registered ones, and knows which scopes may change things', () => {
    expect(scopesWithin(['read:statuses', 'write:media'], ['read', 'write'])).to.equal(true);
    expect(scopesWithin(['write'], ['read', 'write:statuses'])).to.equal(false);
    expect(grantsAnyWrite(['read', 'profile'])).to.equal(false);
    expect(grantsAnyWrite(['read', 'write:media'])).to.equal(true);
  });
});
