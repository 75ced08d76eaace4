/**
 * Publishing an announcement: administrators and the communications role
 * only; to everyone or to chosen groups (each must exist and the publisher
 * must be allowed to see its members: public groups, and private groups they
 * are a full member of, so nobody addresses a private group they only asked
 * to join or were invited to, and the sender may always read the figures,
 * i.e. the roster, of what they sent); text
 * required and bounded; an optional end in the future. One transaction
 * stores it and its groups; after commit the audience is told live and the
 * audit trail records it.
 */
import { Op } from 'sequelize';
import { DomainError, validationError } from '../../domain/errors.js';
import { isId, newId } from '../../domain/ids.js';
import { renderPostHtml, validatePostText } from '../../domain/text/index.js';
import { canSeeGroupMembers } from '../../domain/visibility/index.js';
import { toDomainGroup } from '../groups/group-access.js';
import { loadViewerContext } from '../viewer-context-loader.js';
import { actorOf, assertPublisher, type ActingRequest, type AnnouncementDeps } from './announcement-deps.js';

/** Longest announcement text, counted like a post (a link costs a fixed amount). */
export const MAX_ANNOUNCEMENT_LENGTH = 2000;
/** At most this many groups per announcement. */
export const MAX_ANNOUNCEMENT_GROUPS = 50;

export interface AnnouncementDraft {
  text: string;
  /** Empty or absent: everyone. */
  groupIds?: readonly string[];
  endsAt?: Date | null;
}

export class PublishAnnouncementService {
  constructor(private readonly deps: AnnouncementDeps) {}

  /** Publishes and returns the new announcement's id. Throws 403 without the role, 422 on bad input. */
  async publish(request: ActingRequest, draft: AnnouncementDraft): Promise<string> {
    assertPublisher(request.user);
    const text = draft.text.replace(/\r\n?/g, '\n').trim();
    const validation = validatePostText(text, MAX_ANNOUNCEMENT_LENGTH);
    if (!validation.ok) {
      if (validation.error.code === 'E_POST_EMPTY') throw new DomainError('E_POST_EMPTY', 'Write the announcement first', 422, 'text');
      throw new DomainError('E_POST_TOO_LONG', `The announcement is too long (${validation.error.length} of at most ${MAX_ANNOUNCEMENT_LENGTH} characters)`, 422, 'text');
    }
    const now = new Date();
    const endsAt = draft.endsAt ?? null;
    if (endsAt && !(endsAt.getTime() > now.getTime())) throw validationError('ends_at', 'The end must be in the future');
    const groupIds = await this.checkedGroups(request, draft.groupIds ?? []);
    const html = renderPostHtml(text, {
      mentionHref: (username) => `${this.deps.baseUrl}/@${encodeURIComponent(username)}`,
      hashtagHref: (tag) => `${this.deps.baseUrl}/tags/${encodeURIComponent(tag)}`,
    });
    const id = newId(now.getTime());
    await this.deps.sequelize.transaction(async (transaction) => {
      await this.deps.models.Announcement.create(
        { id, authorId: request.user.id, text, html, everyone: groupIds.length === 0, startsAt: now, endsAt },
        { transaction },
      );
      if (groupIds.length > 0) {
        await this.deps.models.AnnouncementGroup.bulkCreate(groupIds.map((groupId) => ({ announcementId: id, groupId })), { transaction });
      }
      await this.deps.events.record(transaction, 'announcement.published', { announcementId: id });
    });
    await this.deps.audit.record({
      action: 'announcement.published',
      ...actorOf(request),
      targetType: 'announcement',
      targetId: id,
      detail: { groupIds, endsAt: endsAt?.toISOString() ?? null, length: [...text].length },
    });
    return id;
  }

  /** Distinct group ids, each existing and with members the publisher may see; 422 on the field `group_ids` otherwise. */
  private async checkedGroups(request: ActingRequest, requested: readonly string[]): Promise<string[]> {
    const ids = [...new Set(requested.map((id) => id.trim()).filter((id) => id !== ''))];
    if (ids.length === 0) return [];
    if (ids.length > MAX_ANNOUNCEMENT_GROUPS) throw validationError('group_ids', `Choose at most ${MAX_ANNOUNCEMENT_GROUPS} groups`);
    const unknown = () => validationError('group_ids', 'One of the chosen groups does not exist');
    if (!ids.every(isId)) throw unknown();
    const user = await this.deps.models.User.findByPk(request.user.id);
    const [groups, viewer] = await Promise.all([
      this.deps.models.Group.findAll({ where: { id: { [Op.in]: ids }, archivedAt: null }, attributes: ['id', 'visibility'] }),
      loadViewerContext(this.deps.models, user),
    ]);
    // Not `canSeeGroup`: that also admits a pending requester or invitee of a private group.
    // The same message for both cases, so the answer does not confirm a private group exists.
    const addressable = groups.filter((group) => canSeeGroupMembers(viewer, toDomainGroup(group)));
    if (addressable.length !== ids.length) throw unknown();
    return ids;
  }
}
