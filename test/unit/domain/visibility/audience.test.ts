import { expect } from 'chai';
import { streamAudience, type StreamAudience } from '../../../../server/domain/visibility/index.js';
import { AUTHOR, GROUP_ID, OTHER, PARTICIPANT, directPost, groupPost, publicPost, repostOf } from './fixtures.js';

const kinds = (a: StreamAudience[]) => a.map((x) => x.kind);

describe('domain/visibility streamAudience', () => {
  it('a public post goes to the company stream, author followers, its hashtags and mentioned users', () => {
    const post = publicPost({ hashtags: ['launch', 'q3', 'launch'], mentionedUserIds: [PARTICIPANT, PARTICIPANT] });
    expect(streamAudience(post)).to.deep.equal([
      { kind: 'company' },
      { kind: 'followers', userId: AUTHOR },
      { kind: 'hashtag', tag: 'launch' },
      { kind: 'hashtag', tag: 'q3' },
      { kind: 'users', userIds: [PARTICIPANT] },
    ]);
  });

  it('a public post without tags or mentions has no hashtag or users rooms', () => {
    expect(streamAudience(publicPost())).to.deep.equal([{ kind: 'company' }, { kind: 'followers', userId: AUTHOR }]);
  });

  it('a direct post goes only to its participants, never to followers, company or hashtag streams', () => {
    const post = directPost({ hashtags: ['secret'], mentionedUserIds: [PARTICIPANT, OTHER] });
    expect(streamAudience(post)).to.deep.equal([{ kind: 'users', userIds: [AUTHOR, PARTICIPANT, OTHER] }]);
  });

  it('a private group post goes only to the group room, even with hashtags and mentions', () => {
    const post = groupPost('private', { hashtags: ['launch'], mentionedUserIds: [OTHER] });
    expect(streamAudience(post)).to.deep.equal([{ kind: 'group', groupId: GROUP_ID }]);
  });

  it('a group post with unknown group visibility is treated as private', () => {
    const post = groupPost('public', { groupVisibility: undefined, hashtags: ['launch'] });
    expect(streamAudience(post)).to.deep.equal([{ kind: 'group', groupId: GROUP_ID }]);
  });

  it('a public group post goes to the group room, its hashtags and mentioned users, not the company stream or followers', () => {
    const post = groupPost('public', { hashtags: ['launch'], mentionedUserIds: [OTHER] });
    expect(streamAudience(post)).to.deep.equal([
      { kind: 'group', groupId: GROUP_ID },
      { kind: 'hashtag', tag: 'launch' },
      { kind: 'users', userIds: [OTHER] },
    ]);
  });

  it('a deleted post goes nowhere', () => {
    expect(streamAudience(publicPost({ deletedAt: new Date() }))).to.deep.equal([]);
  });

  it('a hidden post goes nowhere', () => {
    expect(streamAudience(publicPost({ hiddenAt: new Date() }))).to.deep.equal([]);
  });

  it('a malformed post (public with a group id) goes nowhere', () => {
    expect(streamAudience(publicPost({ groupId: GROUP_ID }))).to.deep.equal([]);
  });

  it("a repost of a public post goes to the reposter's followers and the original author only", () => {
    const repost = repostOf(publicPost({ hashtags: ['launch'] }));
    expect(streamAudience(repost)).to.deep.equal([
      { kind: 'followers', userId: OTHER },
      { kind: 'users', userIds: [AUTHOR] },
    ]);
  });

  it('a repost of a private group post goes nowhere', () => {
    expect(streamAudience(repostOf(groupPost('private')))).to.deep.equal([]);
  });

  it('a repost of a direct post goes nowhere', () => {
    expect(streamAudience(repostOf(directPost()))).to.deep.equal([]);
  });

  it('a repost whose original is missing goes nowhere', () => {
    expect(streamAudience(repostOf(publicPost(), { repostOf: undefined }))).to.deep.equal([]);
  });

  it('a non-public repost goes nowhere', () => {
    expect(streamAudience(repostOf(publicPost(), { visibility: 'direct', mentionedUserIds: [PARTICIPANT] }))).to.deep.equal([]);
  });

  it('no post ever lists the company stream unless it is public and not a repost', () => {
    const posts = [directPost(), groupPost('private'), groupPost('public'), repostOf(publicPost())];
    for (const p of posts) expect(kinds(streamAudience(p))).not.to.include('company');
  });
});
