/**
 * Link clicks: pages send a post's links through `/go/:postId?u=…`, which
 * lands here. The redirect is only ever to a link that is in the post's text
 * and only for a viewer who may see the post, so the route can never be used
 * as an open redirect or to probe for a private post (both are a 404).
 */
import type { Sequelize } from 'sequelize';
import type { Models } from '../../db/models/index.js';
import { notFound } from '../../domain/errors.js';
import { isId, newId } from '../../domain/ids.js';
import { findLinks, safeHttpUrl } from '../../domain/text/links.js';
import { activeViewer, type ViewerContext } from '../../domain/visibility/index.js';
import type { StatusPresenter } from '../posts/status-presenter.js';

/** Links longer than this are not counted (nor followed): a post's own links are far shorter. */
const MAX_URL_LENGTH = 4096;

export class LinkClicks {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly models: Models,
    private readonly statuses: StatusPresenter,
  ) {}

  /** Counts the click and returns where to send the viewer; 404 for a post they cannot see or a link not in it. */
  async follow(viewer: ViewerContext, postId: string, url: string, at: Date = new Date()): Promise<string> {
    const refused = () => notFound('Link');
    if (!isId(postId) || url.length === 0 || url.length > MAX_URL_LENGTH) throw refused();
    const target = safeHttpUrl(url);
    if (target === null) throw refused();
    // The presenter applies every visibility rule (groups, direct, hidden, deleted) exactly as timelines do.
    const shown = await this.statuses.presentOne(postId, viewer, '');
    if (!shown) throw refused();
    const post = await this.models.Post.findByPk(postId, { attributes: ['id', 'text', 'authorId'] });
    if (!post || !findLinks(post.text).some((link) => link.href === target)) throw refused();
    const me = activeViewer(viewer);
    await this.sequelize.transaction((transaction) =>
      this.sequelize.getQueryInterface().bulkInsert(
        'link_clicks',
        [{ id: newId(at.getTime()), post_id: post.id, user_id: me?.id ?? null, url: target, clicked_at: at }],
        { transaction },
      ),
    );
    return target;
  }
}
