/**
 * What the microblog pages share: the dependencies they read, posts turned
 * into what the `post` partial shows, the compose box's context, safe
 * redirects back to where a form was posted from, and field errors mapped
 * onto the form controls that caused them.
 */
import type { Container } from '../../../container.js';
import { DomainError } from '../../../domain/errors.js';
import type { ViewerContext } from '../../../domain/visibility/index.js';
import type { ApiStatus } from '../../../serializers/status.js';
import type { AppContext } from '../../context.js';
import { formField } from '../../forms.js';
import { trackLinks } from '../../views/tracked-links.js';
import { viewerContextOf } from '../../viewer.js';

export type WebDeps = Pick<Container, 'core' | 'config' | 'models' | 'renderer' | 'users' | 'groups' | 'instanceSettings' | 'officialAccounts' | 'trends' | 'announcements'>;

/**
 * Pages link with paths, not absolute URLs: the presenter builds every link
 * from this base, so '' gives `/@ada/01H…`, `/tags/x`, `/avatars/…`.
 */
export const PAGE_BASE_URL = '';

/** One entry of a timeline as the `post` partial reads it. */
export interface PostView {
  /** The timeline entry (the repost itself for a repost), used for DOM ids and paging. */
  entryId: string;
  /** What is shown: the original for a repost. */
  status: ApiStatus;
  repostedBy: { name: string; url: string } | null;
  mine: boolean;
  canDelete: boolean;
  /** The thread page, where the post is the focus. */
  focus?: boolean;
}

interface AccountLike {
  id?: string;
  display_name?: string;
  url?: string;
}

export function postViews(statuses: readonly ApiStatus[], viewer: { id: string; isAdmin: boolean }): PostView[] {
  return statuses.map((entry) => {
    const shown = entry.reblog ?? entry;
    // Outbound links count their clicks through /go (analytics); the API's content keeps the real links.
    const status = { ...shown, content: trackLinks(shown.id, shown.content) };
    const author = status.account as AccountLike;
    const reposter = entry.reblog ? (entry.account as AccountLike) : null;
    const mine = author.id === viewer.id;
    return {
      entryId: entry.id,
      status,
      repostedBy: reposter ? { name: reposter.display_name ?? '', url: reposter.url ?? '' } : null,
      mine,
      canDelete: mine || viewer.isAdmin,
    };
  });
}

/** A local path to go back to after a form post; anything else (other hosts, `//x`) becomes `fallback`. */
export function safeReturnTo(value: string | undefined, fallback = '/'): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  return value;
}

export const signedIn = (ctx: AppContext) => {
  const user = ctx.state.user;
  if (!user) throw new DomainError('E_UNAUTHENTICATED', 'Sign in first', 401);
  return user;
};

export const viewerOf = (ctx: AppContext, deps: Pick<WebDeps, 'models'>): Promise<ViewerContext> => viewerContextOf(ctx, deps.models);

/** Options for the compose box. */
export interface ComposeOptions {
  replyTo?: ApiStatus;
  /** Preselected audience: 'public', 'direct' or a group id. */
  audience?: string;
  to?: string;
  text?: string;
  errors?: Record<string, string>;
  /** Hide the audience choice (replies keep their parent's audience). */
  fixedAudience?: boolean;
  /** Preselected "Post as": the id of an official account the viewer publishes for; '' for themselves. */
  asAccount?: string;
}

/** The compose partial's context: the viewer's groups to address, the length limit and what to come back to. */
export async function composeContext(ctx: AppContext, deps: WebDeps, options: ComposeOptions = {}): Promise<Record<string, unknown>> {
  const viewer = await viewerOf(ctx, deps);
  const groups = options.replyTo || options.fixedAudience ? [] : await deps.core.groupReads.memberGroupNames(viewer, 40);
  const audience = options.audience ?? 'public';
  // "Post as": only for people who publish for at least one official account (services/official-accounts).
  const official = ctx.state.user ? await deps.officialAccounts.publishableBy(ctx.state.user.id) : [];
  return {
    postAs: official.length
      ? [
          { value: '', name: ctx.state.user?.displayName ?? '', selected: !options.asAccount },
          ...official.map((account) => ({ value: account.id, name: account.displayName, official: true, selected: options.asAccount === account.id })),
        ]
      : [],
    maxLength: deps.instanceSettings.current().maxLength,
    replyTo: options.replyTo ? { id: options.replyTo.id, author: (options.replyTo.account as AccountLike).display_name } : null,
    audiences: options.replyTo
      ? []
      : [
          { value: 'public', key: 'compose.audienceCompany', selected: audience === 'public' },
          ...groups
            .sort((a, b) => a.name.localeCompare(b.name))
            .map((group) => ({ value: group.id, name: group.name, selected: audience === group.id })),
          { value: 'direct', key: 'compose.audienceDirect', selected: audience === 'direct' },
        ],
    fixedAudience: options.fixedAudience === true,
    audience,
    to: options.to ?? '',
    text: options.text ?? '',
    remaining: deps.instanceSettings.current().maxLength - [...(options.text ?? '')].length,
    errors: options.errors ?? {},
    returnTo: ctx.originalUrl,
  };
}

/** Which compose control an error of the posting service belongs next to. */
const COMPOSE_FIELDS: Record<string, string> = {
  status: 'status',
  in_reply_to_id: 'status',
  language: 'status',
  to: 'to',
  media_ids: 'media',
  file: 'media',
  description: 'media',
  group_id: 'audience',
  visibility: 'audience',
  audience: 'audience',
};

/**
 * A validation error of a form becomes `{ control: translated message }`;
 * anything that is not about a field propagates (404, 403 pages).
 */
export function formErrors(
  ctx: AppContext,
  error: unknown,
  fields: Record<string, string> = COMPOSE_FIELDS,
  values: Record<string, unknown> = {},
): Record<string, string> {
  if (!(error instanceof DomainError) || !error.field) throw error;
  const control = fields[error.field];
  if (!control) throw error;
  const message = ctx.state.t(`fieldErrors.${error.code}.${control}`, { defaultValue: error.message, ...values });
  return { [control]: message };
}

/** The value of a form field that may be repeated or missing. */
export const field = (ctx: AppContext, name: string) => formField(ctx, name).trim();

/**
 * After a form post: back to where it came from, or, when live.js asked for
 * the updated post (`X-Warble-Fragment`), 204 and let it refetch the card.
 */
export function answerAction(ctx: AppContext, fallback: string, anchor = ''): void {
  if (ctx.get('x-warble-fragment') === '1') {
    ctx.status = 204;
    return;
  }
  ctx.redirect(`${safeReturnTo(formField(ctx, 'returnTo'), fallback)}${anchor}`);
}
