/**
 * Posting from the pages, as plain form posts that redirect back (so
 * everything works with JavaScript off): publish (with attachments, to the
 * company, a group or people), reply, like, repost, bookmark, delete; the
 * thread page at /@name/:postId; and one post's card as an HTML fragment
 * for live.js. Validation errors re-render the compose box next to the field.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import multer from '@koa/multer';
import Router from '@koa/router';
import { notFound, validationError } from '../../../domain/errors.js';
import { isId } from '../../../domain/ids.js';
import type { ApiStatus } from '../../../serializers/status.js';
import { receiveMultipart } from '../../multipart-body.js';
import { MAX_ATTACHMENTS, type PostDraft } from '../../../services/posts/post-create.js';
import { mediaTooLarge } from '../../../services/posts/media-upload.js';
import type { AppContext, AppMiddleware, AppState } from '../../context.js';
import { requireUser } from '../../middleware/access.js';
import { verifyCsrf } from '../../middleware/csrf.js';
import { pageContext, renderPage } from '../../views/page-context.js';
import {
  PAGE_BASE_URL,
  answerAction,
  composeContext,
  field,
  formErrors,
  postViews,
  safeReturnTo,
  signedIn,
  viewerOf,
  type WebDeps,
} from './web-support.js';

/** Multipart compose forms: up to MAX_ATTACHMENTS files in `media`, then the deferred CSRF check. */
function receiveAttachments(deps: WebDeps): AppMiddleware {
  const upload = multer({
    storage: multer.diskStorage({ destination: path.resolve(deps.config.dataDir, 'tmp', 'uploads') }),
    limits: { fileSize: deps.config.media.maxBytes, files: MAX_ATTACHMENTS, fields: 12, fieldSize: 64 * 1024 },
  }).array('media', MAX_ATTACHMENTS);
  return async (ctx, next) => {
    if (!ctx.is('multipart/form-data')) return next();
    try {
      await receiveMultipart(ctx, upload);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'LIMIT_FILE_SIZE') throw mediaTooLarge(deps.config.media.maxBytes);
      if (typeof code === 'string' && code.startsWith('LIMIT_')) throw validationError('file', `Attach at most ${MAX_ATTACHMENTS} files`);
      throw error;
    }
    const files = filesOf(ctx);
    try {
      verifyCsrf(ctx);
      await next();
    } finally {
      await Promise.all(files.map((file) => rm(file.path, { force: true })));
    }
  };
}

interface UploadedPart {
  path: string;
  mimetype: string;
  originalname: string;
  size: number;
}

const filesOf = (ctx: AppContext): UploadedPart[] => (Array.isArray(ctx.request.files) ? ctx.request.files : []);

const postIdParam = (ctx: AppContext): string => {
  const id = ctx.params.id ?? ctx.params.postId ?? '';
  if (!isId(id)) throw notFound('Status');
  return id;
};

/** The signed-in person as the official-accounts use cases record them (audit: who, from where). */
const publisherOf = (ctx: AppContext) => {
  const user = signedIn(ctx);
  return { id: user.id, username: user.username, isAdmin: user.isAdmin, address: ctx.ip };
};

/** `alice, @bob carol` → ['alice', 'bob', 'carol'] */
const namesIn = (to: string) => to.split(/[\s,;]+/).map((name) => name.replace(/^@/, '')).filter((name) => name !== '');

export function postRoutes(deps: WebDeps): Router<AppState> {
  const router = new Router<AppState>();
  const { posts, statuses } = deps.core;

  router.post('/posts', requireUser, receiveAttachments(deps), async (ctx) => {
    const viewer = await viewerOf(ctx, deps);
    const text = field(ctx, 'status');
    const audience = field(ctx, 'audience') || 'public';
    const to = field(ctx, 'to');
    const inReplyToId = field(ctx, 'in_reply_to_id') || null;
    const asAccount = field(ctx, 'as_account');
    const returnTo = safeReturnTo(field(ctx, 'returnTo'));
    try {
      const draft: PostDraft = { text, inReplyToId, language: ctx.state.lang };
      if (!inReplyToId) {
        if (audience === 'direct') {
          const names = namesIn(to);
          if (names.length === 0) throw validationError('to', 'Name at least one person');
          const known = await deps.users.idsByUsername(names);
          const unknown = names.filter((name) => !known.has(name));
          if (unknown.length > 0) throw validationError('to', `Unknown: ${unknown.join(', ')}`);
          const missing = names.filter((name) => !new RegExp(`(^|\\s)@${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(text));
          draft.text = `${missing.map((name) => `@${name}`).join(' ')}${missing.length ? ' ' : ''}${text}`;
          draft.visibility = 'direct';
        } else if (audience !== 'public') {
          draft.visibility = 'private';
          draft.groupId = audience;
        }
      }
      const files = filesOf(ctx);
      const mediaIds: string[] = [];
      for (const file of files.filter((candidate) => candidate.size > 0)) {
        const attachment = await posts.mediaUpload.upload(
          viewer,
          { path: file.path, declaredType: file.mimetype, originalName: file.originalname, sizeBytes: file.size },
          field(ctx, 'media_description') || null,
        );
        mediaIds.push(attachment.id);
      }
      draft.mediaIds = mediaIds;
      // "Post as" an official account: the same post-create use case, with the account as author (403 for anyone but its publishers).
      const id = asAccount
        ? await deps.officialAccounts.publishAs(publisherOf(ctx), asAccount, draft)
        : await posts.create.create(viewer, draft);
      answerAction(ctx, returnTo, inReplyToId ? `#post-${id}` : '');
    } catch (error) {
      const errors = formErrors(ctx, error, undefined, { max: deps.instanceSettings.current().maxLength });
      const replyTo = inReplyToId ? await statuses.presentOne(inReplyToId, viewer, PAGE_BASE_URL) : null;
      ctx.status = 422;
      renderPage(ctx, deps.renderer, 'compose', {
        title: ctx.state.t('compose.title'),
        compose: {
          ...(await composeContext(ctx, deps, { replyTo: replyTo ?? undefined, audience, to, text, errors, asAccount })),
          returnTo,
        },
      });
    }
  });

  const action = (name: string, run: (ctx: AppContext, id: string) => Promise<unknown>) => {
    router.post(`/posts/:id/${name}`, requireUser, async (ctx) => {
      const id = postIdParam(ctx);
      await run(ctx, id);
      answerAction(ctx, '/', `#post-${id}`);
    });
  };
  action('like', async (ctx, id) => posts.likes.like(await viewerOf(ctx, deps), id));
  action('unlike', async (ctx, id) => posts.likes.unlike(await viewerOf(ctx, deps), id));
  action('repost', async (ctx, id) => posts.reposts.repost(await viewerOf(ctx, deps), id));
  action('unrepost', async (ctx, id) => posts.reposts.unrepost(await viewerOf(ctx, deps), id));
  action('bookmark', async (ctx, id) => posts.bookmarks.bookmark(await viewerOf(ctx, deps), id));
  action('unbookmark', async (ctx, id) => posts.bookmarks.unbookmark(await viewerOf(ctx, deps), id));

  router.post('/posts/:id/delete', requireUser, async (ctx) => {
    const id = postIdParam(ctx);
    await posts.delete.delete(await viewerOf(ctx, deps), id);
    const back = safeReturnTo(field(ctx, 'returnTo'));
    // The thread of a deleted post is gone: go home instead of to a 404.
    if (ctx.get('x-warble-fragment') === '1') ctx.status = 204;
    else ctx.redirect(back.includes(id) ? '/' : back);
  });

  /** One post as the `post` partial renders it, for live.js (404 when the viewer may not see it). */
  router.get('/posts/:id/card', requireUser, async (ctx) => {
    const status = await statuses.presentOne(postIdParam(ctx), await viewerOf(ctx, deps), PAGE_BASE_URL);
    if (!status) throw notFound('Status');
    const [post] = postViews([status], signedIn(ctx));
    ctx.type = 'html';
    ctx.set('Cache-Control', 'no-store');
    const back = typeof ctx.query.returnTo === 'string' ? safeReturnTo(ctx.query.returnTo) : '/';
    ctx.body = deps.renderer.render('post-card', { ...pageContext(ctx), post, here: back }, 'fragment');
  });

  router.get('/@:username/:postId', requireUser, async (ctx) => {
    const id = postIdParam(ctx);
    const viewer = await viewerOf(ctx, deps);
    const status = await statuses.presentOne(id, viewer, PAGE_BASE_URL);
    if (!status) throw notFound('Status');
    const shown: ApiStatus = status.reblog ?? status;
    if (shown !== status || (shown.account as { username?: string }).username !== ctx.params.username) {
      ctx.redirect(shown.url);
      return;
    }
    const [thread, compose] = await Promise.all([
      posts.thread.context(id, viewer, PAGE_BASE_URL),
      composeContext(ctx, deps, { replyTo: shown, text: replyMentions(shown, signedIn(ctx).username) }),
    ]);
    const user = signedIn(ctx);
    const [focus] = postViews([shown], user);
    renderPage(ctx, deps.renderer, 'thread', {
      title: ctx.state.t('thread.title', { name: (shown.account as { display_name?: string }).display_name ?? '' }),
      ancestors: postViews(thread?.ancestors ?? [], user),
      focus: focus ? { ...focus, focus: true } : null,
      descendants: postViews(thread?.descendants ?? [], user),
      compose,
      live: `thread:${id}`,
      // Moderation: anyone but the author may report the post to the moderators.
      report: (shown.account as { id?: string }).id !== user.id ? { postId: shown.id, returnTo: ctx.path } : null,
      reported: ctx.query.reported === '1',
    });
  });

  return router;
}

/** A reply starts by naming the author and the people they mentioned, as Mastodon does (not oneself). */
function replyMentions(status: ApiStatus, self: string): string {
  const names = [(status.account as { username?: string }).username ?? '', ...status.mentions.map((mention) => mention.username)];
  const unique = [...new Set(names)].filter((name) => name !== '' && name !== self);
  return unique.length ? `${unique.map((name) => `@${name}`).join(' ')} ` : '';
}
