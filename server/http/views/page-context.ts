/** What every page template can rely on: language, viewer, CSRF token, instance name. */
import { canPublishAnnouncements } from '../../services/announcements/announcement-deps.js';
import type { AppContext } from '../context.js';

export interface ViewerView {
  id: string;
  username: string;
  displayName: string;
  isAdmin: boolean;
  /** May publish announcements (administrators and the communications role): the navigation links to them. */
  canAnnounce: boolean;
}

export function pageContext(ctx: AppContext, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const user = ctx.state.user;
  const viewer: ViewerView | undefined = user
    ? { id: user.id, username: user.username, displayName: user.displayName, isAdmin: user.isAdmin, canAnnounce: canPublishAnnouncements(user) }
    : undefined;
  return {
    lang: ctx.state.lang ?? 'en',
    // Dates on the page in the reader's zone (their setting on /settings); the server's otherwise.
    timeZone: user?.timeZone ?? undefined,
    instanceName: ctx.state.instanceName ?? 'Warble',
    instanceLogoUrl: ctx.state.instanceLogoUrl,
    csrfToken: ctx.state.csrfToken,
    viewer,
    path: ctx.path,
    /** Where a form on this page comes back to. */
    here: ctx.originalUrl,
    unread: ctx.state.unreadNotifications ?? 0,
    unreadLabel: (ctx.state.unreadNotifications ?? 0) > 99 ? '99+' : String(ctx.state.unreadNotifications ?? 0),
    ...extra,
  };
}

/** Renders a page with the common context. */
export interface Renders {
  render(page: string, context: Record<string, unknown>): string;
}

export function renderPage(ctx: AppContext, renderer: Renders, page: string, extra: Record<string, unknown> = {}) {
  ctx.type = 'html';
  ctx.body = renderer.render(page, pageContext(ctx, extra));
}
