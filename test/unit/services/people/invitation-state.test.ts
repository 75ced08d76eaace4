import { expect } from 'chai';
import { invitationState } from '../../../../server/services/people/invitations.js';
import type { InvitationRecord } from '../../../../server/db/repositories/invitation-repository.js';

const NOW = new Date('2026-12-05T12:00:00Z');
const base: InvitationRecord = {
  id: '01',
  email: 'dora@example.com',
  displayName: null,
  isAdmin: false,
  invitedBy: null,
  expiresAt: new Date('2026-12-12T12:00:00Z'),
  sentAt: null,
  acceptedAt: null,
  revokedAt: null,
  createdAt: NOW,
};

describe('an invitation\'s state', () => {
  it('is pending until it expires, then expired (at the very instant)', () => {
    expect(invitationState(base, NOW)).to.equal('pending');
    expect(invitationState(base, base.expiresAt)).to.equal('expired');
  });

  it('accepted and revoked win over expiry', () => {
    const later = new Date('2027-01-01T00:00:00Z');
    expect(invitationState({ ...base, acceptedAt: NOW }, later)).to.equal('accepted');
    expect(invitationState({ ...base, revokedAt: NOW }, later)).to.equal('revoked');
  });
});
