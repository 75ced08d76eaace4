import { expect } from 'chai';
import { Op } from 'sequelize';
import { idsOfWhere } from '../../../server/db/cache/model-write-hooks.js';
import { staleRecordsOf } from '../../../server/services/cache/read-cache-keys.js';

describe('what each event makes stale in the read caches', () => {
  it('post changes drop the post; a deletion also drops its author (their post count)', () => {
    const post = { postId: 'p1', authorId: 'u1' };
    expect(staleRecordsOf('post.edited', post)).to.deep.equal({ posts: ['p1'], users: [], groups: [] });
    expect(staleRecordsOf('post.unhidden', post)).to.deep.equal({ posts: ['p1'], users: [], groups: [] });
    expect(staleRecordsOf('post.deleted', post)).to.deep.equal({ posts: ['p1'], users: ['u1'], groups: [] });
    expect(staleRecordsOf('post.countsChanged', { postId: 'p1', repliesCount: 1, repostsCount: 0, likesCount: 2 })).to.deep.equal({ posts: ['p1'], users: [], groups: [] });
    expect(staleRecordsOf('posts.purged', { postIds: ['p1', 'p2'], authorIds: ['u1'] })).to.deep.equal({ posts: ['p1', 'p2'], users: ['u1'], groups: [] });
  });

  it('a new post drops only its author (counts); a described attachment drops its post, if it has one', () => {
    expect(staleRecordsOf('post.created', { postId: 'p9', authorId: 'u1', inReplyToId: null, repostOfId: null })).to.deep.equal({ posts: [], users: ['u1'], groups: [] });
    expect(staleRecordsOf('attachment.changed', { attachmentId: 'a1', postId: 'p1' })).to.deep.equal({ posts: ['p1'], users: [], groups: [] });
    expect(staleRecordsOf('attachment.changed', { attachmentId: 'a1', postId: null })).to.equal(null);
  });

  it('people: profile, suspension, deactivation and follows; groups: renames', () => {
    expect(staleRecordsOf('user.updated', { userId: 'u1', change: 'suspended' })).to.deep.equal({ posts: [], users: ['u1'], groups: [] });
    expect(staleRecordsOf('user.deactivated', { userId: 'u1' })).to.deep.equal({ posts: [], users: ['u1'], groups: [] });
    expect(staleRecordsOf('follow.created', { followerId: 'u1', followeeId: 'u2' })).to.deep.equal({ posts: [], users: ['u1', 'u2'], groups: [] });
    expect(staleRecordsOf('group.updated', { groupId: 'g1' })).to.deep.equal({ posts: [], users: [], groups: ['g1'] });
  });

  it('what caches nothing viewer-independent changes nothing', () => {
    expect(staleRecordsOf('group.memberRemoved', { groupId: 'g1', userId: 'u1' })).to.equal(null);
    expect(staleRecordsOf('user.signedIn', { userId: 'u1' })).to.equal(null);
  });
});

describe('the rows a bulk write names', () => {
  it('reads ids from id = x, id IN (...) and Op.in; anything else is unknown (null)', () => {
    expect(idsOfWhere({ id: 'a' })).to.deep.equal(['a']);
    expect(idsOfWhere({ id: ['a', 'b'] })).to.deep.equal(['a', 'b']);
    expect(idsOfWhere({ id: { [Op.in]: ['a', 'b'] }, deactivatedAt: null })).to.deep.equal(['a', 'b']);
    expect(idsOfWhere({ source: 'ldap' })).to.equal(null);
    expect(idsOfWhere(undefined)).to.equal(null);
    expect(idsOfWhere({ id: { [Op.gt]: 'a' } })).to.equal(null);
  });
});
