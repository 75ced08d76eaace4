/**
 * Private conversations, Mastodon's way: the viewer's list (newest message
 * first, paged by the last message's id), mark read, and remove from their
 * list. A conversation the viewer does not take part in is a 404.
 */
import Router from '@koa/router';
import { Op } from 'sequelize';
import { requireScope } from '../../../auth/bearer-auth.js';
import type { Container } from '../../../container.js';
import { toApiConversation, type ApiConversation } from '../../../serializers/conversation.js';
import type { ConversationEntry } from '../../../services/conversations/conversation-inbox.js';
import { apiAccountOf } from '../../../services/social/account-view.js';
import type { AppContext, AppState } from '../../context.js';
import { requireUser } from '../../middleware/access.js';
import { baseUrlOf, readPage, setLinkHeader } from '../../pagination.js';
import { viewerContextOf } from '../../viewer.js';
import { param, signedInUser } from './social-params.js';

export function conversationRoutes(deps: Pick<Container, 'core' | 'config' | 'models'>): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/v1/conversations' });
  const { conversations, statuses } = deps.core;
  const baseUrl = (ctx: AppContext) => baseUrlOf(ctx, deps.config.publicUrl);

  /** Other participants as Accounts and the last message through the StatusPresenter (null if no longer visible). */
  const present = async (ctx: AppContext, entries: ConversationEntry[]): Promise<ApiConversation[]> => {
    const viewerId = signedInUser(ctx).id;
    const base = baseUrl(ctx);
    const otherIds = [...new Set(entries.flatMap((entry) => entry.participantIds.filter((id) => id !== viewerId)))];
    const [users, lastStatuses] = await Promise.all([
      otherIds.length > 0 ? deps.models.User.findAll({ where: { id: { [Op.in]: otherIds } } }) : Promise.resolve([]),
      statuses.present(entries.map((entry) => entry.lastPostId), await viewerContextOf(ctx, deps.models), base),
    ]);
    const accounts = new Map(users.map((user) => [user.id, apiAccountOf(user, base)]));
    const statusById = new Map(lastStatuses.map((status) => [status.id, status]));
    return entries.map((entry) =>
      toApiConversation({
        id: entry.id,
        unread: entry.unread,
        accounts: entry.participantIds.filter((id) => id !== viewerId).flatMap((id) => accounts.get(id) ?? []),
        lastStatus: statusById.get(entry.lastPostId) ?? null,
      }),
    );
  };

  router.get('/', requireUser, requireScope('read:statuses'), async (ctx) => {
    const entries = await conversations.list(signedInUser(ctx).id, readPage(ctx));
    setLinkHeader(ctx, entries.map((entry) => ({ id: entry.lastPostId })), baseUrl(ctx));
    ctx.body = await present(ctx, entries);
  });

  router.post('/:id/read', requireUser, requireScope('write:conversations'), async (ctx) => {
    const entry = await conversations.markRead(signedInUser(ctx).id, param(ctx, 'id'));
    ctx.body = (await present(ctx, [entry]))[0];
  });

  router.delete('/:id', requireUser, requireScope('write:conversations'), async (ctx) => {
    await conversations.remove(signedInUser(ctx).id, param(ctx, 'id'));
    ctx.body = {};
  });

  return router;
}
