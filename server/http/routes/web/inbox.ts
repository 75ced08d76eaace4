/**
 * What is addressed to me: notifications (with "mark all read") and private
 * messages (conversations, newest first, and a compose box addressed to
 * people). Sending a message is the ordinary post form with audience=direct.
 */
import Router from '@koa/router';
import { notFound } from '../../../domain/errors.js';
import { isId } from '../../../domain/ids.js';
import type { ApiStatus } from '../../../serializers/status.js';
import type { AppState } from '../../context.js';
import { requireUser } from '../../middleware/access.js';
import { readPage } from '../../pagination.js';
import { renderPage } from '../../views/page-context.js';
import { groupPath } from './groups.js';
import { PAGE_BASE_URL, answerAction, composeContext, postViews, signedIn, viewerOf, type WebDeps } from './web-support.js';

interface AccountLike {
  display_name?: string;
  url?: string;
  avatar?: string;
  username?: string;
}

export function inboxRoutes(deps: WebDeps): Router<AppState> {
  const router = new Router<AppState>();
  const { notificationFeed, notificationInbox, conversations, statuses } = deps.core;

  router.get('/notifications', requireUser, async (ctx) => {
    const user = signedIn(ctx);
    const viewer = await viewerOf(ctx, deps);
    const cursor = readPage(ctx);
    const rows = await notificationFeed.list(viewer, {}, cursor, PAGE_BASE_URL);
    const items = rows.map((row) => {
      const account = (row.account ?? {}) as AccountLike;
      const [post] = row.status ? postViews([row.status], user) : [];
      return {
        id: row.id,
        kind: row.warble_type,
        read: row.read,
        createdAt: row.created_at,
        account: { name: account.display_name ?? '', url: account.url ?? '', avatar: account.avatar ?? '' },
        post: post ?? null,
        group: row.group ? { name: row.group.name, url: groupPath(row.group.slug) } : null,
      };
    });
    const last = rows[rows.length - 1];
    renderPage(ctx, deps.renderer, 'notifications', {
      title: ctx.state.t('notifications.title'),
      items,
      hasUnread: items.some((item) => !item.read),
      older: last && rows.length >= cursor.limit ? `/notifications?max_id=${last.id}` : null,
      live: 'notifications',
    });
  });

  router.post('/notifications/read', requireUser, async (ctx) => {
    await notificationInbox.markRead(signedIn(ctx).id);
    answerAction(ctx, '/notifications');
  });

  router.get('/messages', requireUser, async (ctx) => {
    const user = signedIn(ctx);
    const viewer = await viewerOf(ctx, deps);
    const entries = await conversations.list(user.id, readPage(ctx));
    const shown = await statuses.present(entries.map((entry) => entry.lastPostId), viewer, PAGE_BASE_URL);
    const byId = new Map<string, ApiStatus>(shown.map((status) => [status.id, status]));
    const otherIds = [...new Set(entries.flatMap((entry) => entry.participantIds))].filter((id) => id !== user.id);
    const people = new Map((await Promise.all(otherIds.map((id) => deps.users.findById(id)))).flatMap((person) => (person ? [[person.id, person]] : [])));
    const to = typeof ctx.query.to === 'string' ? ctx.query.to : '';
    renderPage(ctx, deps.renderer, 'messages', {
      title: ctx.state.t('messages.title'),
      conversations: entries.flatMap((entry) => {
        const last = byId.get(entry.lastPostId);
        if (!last) return [];
        const others = entry.participantIds.filter((id) => id !== user.id).flatMap((id) => {
          const person = people.get(id);
          return person ? [{ displayName: person.displayName, username: person.username }] : [];
        });
        const [post] = postViews([last], user);
        return [{ id: entry.id, unread: entry.unread, others, post, replyTo: others.map((other) => other.username).join(', ') }];
      }),
      compose: await composeContext(ctx, deps, { audience: 'direct', fixedAudience: true, to }),
      live: 'conversations',
    });
  });

  router.post('/messages/:id/read', requireUser, async (ctx) => {
    const id = ctx.params.id ?? '';
    if (!isId(id)) throw notFound('Conversation');
    await conversations.markRead(signedIn(ctx).id, id);
    answerAction(ctx, '/messages');
  });

  return router;
}
