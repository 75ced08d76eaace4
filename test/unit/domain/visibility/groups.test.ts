import { expect } from 'chai';
import {
  canInviteToGroup,
  canManageGroup,
  canPostToGroup,
  canSeeGroup,
  canSeeGroupMembers,
  type GroupMembershipState,
} from '../../../../server/domain/visibility/index.js';
import { GROUP_ID, OTHER, SITE_ADMIN, anonymous, group, user } from './fixtures.js';

const as = (state?: GroupMembershipState) => user(OTHER, state ? { [GROUP_ID]: state } : {});
const siteAdmin = user(SITE_ADMIN, {}, { isAdmin: true });
const gone = { deletedAt: new Date('2026-01-01T00:00:00Z') };

describe('domain/visibility groups', () => {
  describe('canSeeGroup', () => {
    it('a public group is visible to any signed-in user', () => {
      expect(canSeeGroup(as(), group('public'))).to.equal(true);
    });

    it('a public group is invisible to an anonymous viewer', () => {
      expect(canSeeGroup(anonymous, group('public'))).to.equal(false);
    });

    it('a public group is invisible to a deactivated user', () => {
      expect(canSeeGroup(user(OTHER, {}, { isActive: false }), group('public'))).to.equal(false);
    });

    it('a private group is invisible to a non-member', () => {
      expect(canSeeGroup(as(), group('private'))).to.equal(false);
    });

    it('a private group is invisible to a site admin who is not a member', () => {
      expect(canSeeGroup(siteAdmin, group('private'))).to.equal(false);
    });

    for (const state of ['owner', 'admin', 'member', 'invited', 'requested'] as const) {
      it(`a private group's existence is visible to a user with state ${state}`, () => {
        expect(canSeeGroup(as(state), group('private'))).to.equal(true);
      });
    }

    it('a deleted group is invisible even to its owner', () => {
      expect(canSeeGroup(as('owner'), group('public', gone))).to.equal(false);
    });
  });

  describe('canSeeGroupMembers', () => {
    it('the members of a public group are visible to any signed-in user', () => {
      expect(canSeeGroupMembers(as(), group('public'))).to.equal(true);
    });

    it('the members of a public group are invisible to an anonymous viewer', () => {
      expect(canSeeGroupMembers(anonymous, group('public'))).to.equal(false);
    });

    for (const state of ['owner', 'admin', 'member'] as const) {
      it(`the members of a private group are visible to a group ${state}`, () => {
        expect(canSeeGroupMembers(as(state), group('private'))).to.equal(true);
      });
    }

    for (const state of ['invited', 'requested'] as const) {
      it(`the members of a private group are invisible to a user who is only ${state}`, () => {
        expect(canSeeGroupMembers(as(state), group('private'))).to.equal(false);
      });
    }

    it('the members of a private group are invisible to a non-member site admin', () => {
      expect(canSeeGroupMembers(siteAdmin, group('private'))).to.equal(false);
    });
  });

  describe('canPostToGroup', () => {
    for (const visibility of ['public', 'private'] as const) {
      for (const state of ['owner', 'admin', 'member'] as const) {
        it(`a ${state} may post to a ${visibility} group`, () => {
          expect(canPostToGroup(as(state), group(visibility))).to.equal(true);
        });
      }
      for (const state of ['invited', 'requested', undefined] as const) {
        it(`a ${state ?? 'non-member'} may not post to a ${visibility} group`, () => {
          expect(canPostToGroup(as(state), group(visibility))).to.equal(false);
        });
      }
    }

    it('a non-member site admin may not post to a public group', () => {
      expect(canPostToGroup(siteAdmin, group('public'))).to.equal(false);
    });

    it('nobody may post to a deleted group', () => {
      expect(canPostToGroup(as('owner'), group('private', gone))).to.equal(false);
    });

    it('a deactivated member may not post', () => {
      expect(canPostToGroup(user(OTHER, { [GROUP_ID]: 'owner' }, { isActive: false }), group('public'))).to.equal(false);
    });
  });

  describe('canManageGroup', () => {
    for (const state of ['owner', 'admin'] as const) {
      it(`a group ${state} may manage the group`, () => {
        expect(canManageGroup(as(state), group('private'))).to.equal(true);
      });
    }

    for (const state of ['member', 'invited', 'requested', undefined] as const) {
      it(`a ${state ?? 'non-member'} may not manage the group`, () => {
        expect(canManageGroup(as(state), group('public'))).to.equal(false);
      });
    }

    it('a site admin who is not a group admin may not manage the group', () => {
      expect(canManageGroup(siteAdmin, group('public'))).to.equal(false);
    });

    it('an owner may not manage a deleted group', () => {
      expect(canManageGroup(as('owner'), group('public', gone))).to.equal(false);
    });
  });

  describe('canInviteToGroup', () => {
    it('an owner or admin may invite to a private group', () => {
      expect(canInviteToGroup(as('owner'), group('private'))).to.equal(true);
      expect(canInviteToGroup(as('admin'), group('private'))).to.equal(true);
    });

    it('a plain member may not invite to a private group (an invitation discloses it)', () => {
      expect(canInviteToGroup(as('member'), group('private'))).to.equal(false);
    });

    it('a plain member may invite to a public group', () => {
      expect(canInviteToGroup(as('member'), group('public'))).to.equal(true);
    });

    for (const state of ['invited', 'requested', undefined] as const) {
      it(`a ${state ?? 'non-member'} may not invite to a public group`, () => {
        expect(canInviteToGroup(as(state), group('public'))).to.equal(false);
      });
    }

    it('an anonymous viewer may not invite', () => {
      expect(canInviteToGroup(anonymous, group('public'))).to.equal(false);
    });
  });
});

describe('canReadGroupPosts', () => {
  it('a private group’s posts are for full members only, not for someone who asked to join', async () => {
    const { canReadGroupPosts, viewerContext } = await import('../../../../server/domain/visibility/index.js');
    const group = { id: 'g1', visibility: 'private' as const };
    const viewer = { kind: 'user' as const, id: 'u1', isAdmin: false, isActive: true };
    expect(canReadGroupPosts(viewerContext(viewer, [['g1', 'requested']]), group)).to.equal(false);
    expect(canReadGroupPosts(viewerContext(viewer, [['g1', 'member']]), group)).to.equal(true);
    expect(canReadGroupPosts(viewerContext(viewer), { id: 'g1', visibility: 'public' })).to.equal(true);
  });
});
