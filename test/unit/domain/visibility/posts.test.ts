import { expect } from 'chai';
import {
  MAX_REPOST_DEPTH,
  canRepost,
  canSeePost,
  canSeeThreadEntry,
  visibleThreadEntries,
  type Post,
} from '../../../../server/domain/visibility/index.js';
import {
  AUTHOR,
  GROUP_ID,
  OTHER,
  PARTICIPANT,
  SITE_ADMIN,
  anonymous,
  directPost,
  groupPost,
  publicPost,
  repostOf,
  user,
} from './fixtures.js';

const deleted = new Date('2026-01-01T00:00:00Z');
const hidden = new Date('2026-01-02T00:00:00Z');

describe('domain/visibility canSeePost', () => {
  describe('signed-in and active viewers only', () => {
    it('a public post is visible to any active signed-in user', () => {
      expect(canSeePost(user(OTHER), publicPost())).to.equal(true);
    });

    it('a public post is invisible to an anonymous viewer (company-internal)', () => {
      expect(canSeePost(anonymous, publicPost())).to.equal(false);
    });

    it('a public post is invisible to a deactivated user', () => {
      expect(canSeePost(user(OTHER, {}, { isActive: false }), publicPost())).to.equal(false);
    });

    it('a deactivated site admin sees nothing, not even their own post', () => {
      const ctx = user(AUTHOR, {}, { isActive: false, isAdmin: true });
      expect(canSeePost(ctx, publicPost())).to.equal(false);
    });
  });

  describe('group posts', () => {
    it('a post in a public group is visible to a signed-in non-member', () => {
      expect(canSeePost(user(OTHER), groupPost('public'))).to.equal(true);
    });

    it('a post in a public group is invisible to an anonymous viewer', () => {
      expect(canSeePost(anonymous, groupPost('public'))).to.equal(false);
    });

    for (const role of ['owner', 'admin', 'member'] as const) {
      it(`a private group post is visible to a group ${role}`, () => {
        expect(canSeePost(user(OTHER, { [GROUP_ID]: role }), groupPost('private'))).to.equal(true);
      });
    }

    it('a private group post is invisible to a non-member', () => {
      expect(canSeePost(user(OTHER), groupPost('private'))).to.equal(false);
    });

    it('a private group post is invisible to a member who only requested to join', () => {
      expect(canSeePost(user(OTHER, { [GROUP_ID]: 'requested' }), groupPost('private'))).to.equal(false);
    });

    it('a private group post is invisible to an invited user who has not accepted', () => {
      expect(canSeePost(user(OTHER, { [GROUP_ID]: 'invited' }), groupPost('private'))).to.equal(false);
    });

    it('a private group post is invisible to a site admin who is not a member', () => {
      expect(canSeePost(user(SITE_ADMIN, {}, { isAdmin: true }), groupPost('private'))).to.equal(false);
    });

    it('a private group post is invisible to a member of a different group', () => {
      expect(canSeePost(user(OTHER, { 'g-other': 'owner' }), groupPost('private'))).to.equal(false);
    });

    it('a private group post is invisible to its author once they left the group', () => {
      expect(canSeePost(user(AUTHOR), groupPost('private'))).to.equal(false);
    });

    it('a group post with unknown group visibility is treated as private', () => {
      const post = groupPost('private', { groupVisibility: null });
      expect(canSeePost(user(OTHER), post)).to.equal(false);
      expect(canSeePost(user(OTHER, { [GROUP_ID]: 'member' }), post)).to.equal(true);
    });

    it('a group post without a group id is shown to nobody (malformed)', () => {
      expect(canSeePost(user(OTHER, { [GROUP_ID]: 'member' }), groupPost('public', { groupId: null }))).to.equal(false);
    });

    it('a public post carrying a group id is shown to nobody (malformed)', () => {
      expect(canSeePost(user(OTHER), publicPost({ groupId: GROUP_ID }))).to.equal(false);
    });
  });

  describe('direct posts', () => {
    it('a direct post is visible to its author', () => {
      expect(canSeePost(user(AUTHOR), directPost())).to.equal(true);
    });

    it('a direct post is visible to a mentioned participant', () => {
      expect(canSeePost(user(PARTICIPANT), directPost())).to.equal(true);
    });

    it('a direct post is invisible to a user who is not a participant', () => {
      expect(canSeePost(user(OTHER), directPost())).to.equal(false);
    });

    it('a direct post is invisible to a site admin who is not a participant', () => {
      expect(canSeePost(user(SITE_ADMIN, {}, { isAdmin: true }), directPost())).to.equal(false);
    });
  });

  describe('deleted and hidden posts', () => {
    it('a deleted post is invisible to its author', () => {
      expect(canSeePost(user(AUTHOR), publicPost({ deletedAt: deleted }))).to.equal(false);
    });

    it('a deleted post is invisible to a site admin', () => {
      expect(canSeePost(user(SITE_ADMIN, {}, { isAdmin: true }), publicPost({ deletedAt: deleted }))).to.equal(false);
    });

    it('a hidden post is visible to its author', () => {
      expect(canSeePost(user(AUTHOR), publicPost({ hiddenAt: hidden }))).to.equal(true);
    });

    it('a hidden post is visible to a site admin (moderator)', () => {
      expect(canSeePost(user(SITE_ADMIN, {}, { isAdmin: true }), publicPost({ hiddenAt: hidden }))).to.equal(true);
    });

    it('a hidden post is invisible to other users', () => {
      expect(canSeePost(user(OTHER), publicPost({ hiddenAt: hidden }))).to.equal(false);
    });

    it('a hidden direct post stays invisible to a site admin who is not a participant (hiding never widens access)', () => {
      expect(canSeePost(user(SITE_ADMIN, {}, { isAdmin: true }), directPost({ hiddenAt: hidden }))).to.equal(false);
    });

    it('a hidden direct post is invisible to its participant who is not the author', () => {
      expect(canSeePost(user(PARTICIPANT), directPost({ hiddenAt: hidden }))).to.equal(false);
    });
  });

  describe('reposts', () => {
    it('a repost of a visible public post is visible', () => {
      expect(canSeePost(user(PARTICIPANT), repostOf(publicPost()))).to.equal(true);
    });

    it('a repost of a private group post is invisible to a non-member', () => {
      expect(canSeePost(user(PARTICIPANT), repostOf(groupPost('private')))).to.equal(false);
    });

    it('a repost of a private group post is visible to a member (both visible)', () => {
      expect(canSeePost(user(PARTICIPANT, { [GROUP_ID]: 'member' }), repostOf(groupPost('private')))).to.equal(true);
    });

    it('a repost of a direct post is invisible to a non-participant', () => {
      expect(canSeePost(user(SITE_ADMIN, {}, { isAdmin: true }), repostOf(directPost()))).to.equal(false);
    });

    it('a repost of a deleted post is invisible', () => {
      expect(canSeePost(user(OTHER), repostOf(publicPost({ deletedAt: deleted })))).to.equal(false);
    });

    it('a repost of a hidden post is invisible to the reposter', () => {
      expect(canSeePost(user(OTHER), repostOf(publicPost({ hiddenAt: hidden })))).to.equal(false);
    });

    it('a direct repost of a public post is invisible to someone outside the repost audience', () => {
      const repost = repostOf(publicPost(), { visibility: 'direct', mentionedUserIds: [PARTICIPANT] });
      expect(canSeePost(user(PARTICIPANT), repost)).to.equal(true);
      expect(canSeePost(user(SITE_ADMIN), repost)).to.equal(false);
    });

    it('a repost whose original was not loaded is invisible (fail closed)', () => {
      const repost = repostOf(publicPost(), { repostOf: null });
      expect(canSeePost(user(OTHER), repost)).to.equal(false);
    });

    it('a repost whose loaded original has a different id is invisible', () => {
      const repost = repostOf(publicPost(), { repostOfId: 'p-something-else' });
      expect(canSeePost(user(OTHER), repost)).to.equal(false);
    });

    it('a repost chain deeper than the limit is invisible', () => {
      let post: Post = publicPost({ id: 'p-0' });
      for (let i = 1; i <= MAX_REPOST_DEPTH + 1; i++) post = repostOf(post, { id: `p-${i}` });
      expect(canSeePost(user(OTHER), post)).to.equal(false);
      let shallow: Post = publicPost({ id: 'p-0' });
      for (let i = 1; i <= MAX_REPOST_DEPTH; i++) shallow = repostOf(shallow, { id: `p-${i}` });
      expect(canSeePost(user(OTHER), shallow)).to.equal(true);
    });
  });

  describe('threads', () => {
    const root = publicPost({ id: 'root' });
    const privateReply = groupPost('private', { id: 'r-private', inReplyToId: 'root' });
    const directReply = directPost({ id: 'r-direct', inReplyToId: 'root' });
    const publicReply = publicPost({ id: 'r-public', authorId: OTHER, inReplyToId: 'r-private' });

    it('a public reply to a private group post is visible on its own (replies inherit nothing)', () => {
      expect(canSeeThreadEntry(user(PARTICIPANT), publicReply)).to.equal(true);
    });

    it('a private group reply in a public thread is hidden from a non-member', () => {
      expect(canSeeThreadEntry(user(PARTICIPANT), privateReply)).to.equal(false);
    });

    it('visibleThreadEntries keeps only the entries the viewer may see, in order', () => {
      const entries = [root, privateReply, directReply, publicReply];
      expect(visibleThreadEntries(user(OTHER), entries).map((p) => p.id)).to.deep.equal(['root', 'r-public']);
      expect(visibleThreadEntries(user(PARTICIPANT), entries).map((p) => p.id)).to.deep.equal([
        'root',
        'r-direct',
        'r-public',
      ]);
      expect(visibleThreadEntries(user(OTHER, { [GROUP_ID]: 'member' }), entries).map((p) => p.id)).to.deep.equal([
        'root',
        'r-private',
        'r-public',
      ]);
    });

    it('a thread shows nothing to an anonymous viewer', () => {
      expect(visibleThreadEntries(anonymous, [root, publicReply])).to.deep.equal([]);
    });
  });

  describe('canRepost', () => {
    it('allows reposting a public post', () => {
      expect(canRepost(user(OTHER), publicPost())).to.equal(true);
    });

    it('allows reposting a public group post', () => {
      expect(canRepost(user(OTHER), groupPost('public'))).to.equal(true);
    });

    it('refuses reposting a private group post, even for a member', () => {
      expect(canRepost(user(OTHER, { [GROUP_ID]: 'member' }), groupPost('private'))).to.equal(false);
    });

    it('refuses reposting a direct post, even for a participant', () => {
      expect(canRepost(user(PARTICIPANT), directPost())).to.equal(false);
    });

    it('refuses reposting a hidden or deleted post', () => {
      expect(canRepost(user(AUTHOR), publicPost({ hiddenAt: hidden }))).to.equal(false);
      expect(canRepost(user(OTHER), publicPost({ deletedAt: deleted }))).to.equal(false);
    });

    it('refuses reposting a repost (repost the original instead)', () => {
      expect(canRepost(user(PARTICIPANT), repostOf(publicPost()))).to.equal(false);
    });

    it('refuses reposting for an anonymous viewer', () => {
      expect(canRepost(anonymous, publicPost())).to.equal(false);
    });
  });
});
