/**
 * Profile pages at /@username: who a colleague is (name, title, department,
 * contact, manager, photo, groups), with a mark when the directory vouches
 * for the account, a follow button, and their posts (tabs: posts, posts and
 * replies, media). Signed-in people only.
 */
import Router from '@koa/router';
import { notFound } from '../../../domain/errors.js';
import type { AppContext, AppState } from '../../context.js';
import { requireUser } from '../../middleware/access.js';
import { avatarUrl } from './avatars.js';
import { groupPath } from './groups.js';
import { showTimeline } from './timelines.js';
import { PAGE_BASE_URL, answerAction, signedIn, viewerOf, type WebDeps } from './web-support.js';

/** The path of a person's profile page. */
export const profilePath = (username: string) => `/@${encodeURIComponent(username)}`;

const TABS = ['posts', 'replies', 'media'] as const;
type Tab = (typeof TABS)[number];

export function profileRoutes(deps: WebDeps): Router<AppState> {
  const router = new Router<AppState>();
  const { timelines, relationships, follows } = deps.core;

  const person = async (ctx: AppContext) => {
    const user = await deps.users.findByUsername(ctx.params.username ?? '');
    if (!user) throw notFound('Person');
    return user;
  };

  router.get('/@:username', requireUser, async (ctx) => {
    const user = await person(ctx);
    const viewer = signedIn(ctx);
    const tab: Tab = (TABS as readonly string[]).includes(String(ctx.query.tab)) ? (ctx.query.tab as Tab) : 'posts';
    const isViewer = viewer.id === user.id;
    const [manager, groups, relationship] = await Promise.all([
      user.manager ? deps.users.findByUsername(user.manager) : Promise.resolve(null),
      deps.groups.listForMember(user.id, await viewerOf(ctx, deps)),
      isViewer ? Promise.resolve(null) : relationships.one(viewer.id, user.id),
    ]);
    await showTimeline(ctx, deps, {
      template: 'profile',
      title: user.displayName,
      live: `profile:${user.id}`,
      compose: false,
      read: (v, cursor) =>
        timelines.account(
          v,
          user.id,
          { excludeReplies: tab === 'posts', excludeReposts: tab === 'media', onlyMedia: tab === 'media' },
          cursor,
          PAGE_BASE_URL,
        ),
      extra: {
        profile: {
          id: user.id,
          username: user.username,
          url: profilePath(user.username),
          displayName: user.displayName,
          title: user.title,
          department: user.department,
          email: user.email,
          phone: user.phone,
          avatarUrl: avatarUrl(user),
          verified: user.source === 'ldap',
          official: user.isOfficial === true,
          bio: user.bio,
          pronouns: user.pronouns,
          location: user.location,
          deactivated: user.deactivatedAt !== null,
          isViewer,
          following: relationship?.following === true,
          followedBy: relationship?.followedBy === true,
          postsCount: user.postsCount,
          followersCount: user.followersCount,
          followingCount: user.followingCount,
        },
        tabs: TABS.map((name) => ({
          name,
          url: name === 'posts' ? profilePath(user.username) : `${profilePath(user.username)}?tab=${name}`,
          current: name === tab,
        })),
        manager: manager
          ? { displayName: manager.displayName, url: profilePath(manager.username) }
          : user.manager
            ? { displayName: user.manager }
            : null,
        groups: groups.map((group) => ({ ...group, url: groupPath(group.slug) })),
      },
    });
  });

  router.post('/@:username/follow', requireUser, async (ctx) => {
    const user = await person(ctx);
    await follows.follow(signedIn(ctx), user.id);
    answerAction(ctx, profilePath(user.username));
  });

  router.post('/@:username/unfollow', requireUser, async (ctx) => {
    const user = await person(ctx);
    await follows.unfollow(signedIn(ctx), user.id);
    answerAction(ctx, profilePath(user.username));
  });

  return router;
}
