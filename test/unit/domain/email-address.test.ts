import { expect } from 'chai';
import { normaliseEmail } from '../../../server/domain/email-address.js';
import { DomainError } from '../../../server/domain/errors.js';

describe('mail addresses', () => {
  it('are trimmed and lower-cased', () => {
    expect(normaliseEmail('  Dora.Explorer@Example.COM ')).to.equal('dora.explorer@example.com');
  });

  for (const bad of ['', 'dora', 'dora@', '@example.com', 'dora@example', 'dora explorer@example.com', 'a@b@example.com', '<dora@example.com>', `${'a'.repeat(320)}@example.com`]) {
    it(`refuses ${JSON.stringify(bad.slice(0, 40))}, naming the field`, () => {
      let error: unknown;
      try {
        normaliseEmail(bad, 'invitee');
      } catch (caught) {
        error = caught;
      }
      expect(error).to.be.instanceOf(DomainError);
      expect((error as DomainError).field).to.equal('invitee');
      expect((error as DomainError).status).to.equal(422);
    });
  }
});
