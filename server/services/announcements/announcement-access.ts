/**
 * Who may read an announcement's figures (stats, the not-acknowledged list,
 * CSV, the live `announcement:<id>` stream) and withdraw it.
 *
 * The not-acknowledged list of an announcement to a private group is that
 * group's roster (names, departments, emails), and Warble shows a private
 * group's members to its full members only (`canSeeGroupMembers`; site
 * administrators get no pass). So the role alone is not enough: besides the
 * sender, an administrator or communicator may read the figures only when
 * they may see the members of every group in the audience. Whoever may not
 * even know the announcement exists gets a 404, as for a private group.
 */
import { Op } from 'sequelize';
import type { AnnouncementModel } from '../../db/models/announcement.js';
import type { GroupModel } from '../../db/models/group.js';
import { canSeeGroupMembers, isFullMembership, membershipOf, type ViewerContext } from '../../domain/visibility/index.js';
import { toDomainGroup } from '../groups/group-access.js';
import { loadViewerContext } from '../viewer-context-loader.js';
import { holdsFiguresRole, type AnnouncementActor, type AnnouncementDeps } from './announcement-deps.js';

/**
 * - `allowed`: the figures may be read (and the announcement withdrawn);
 * - `forbidden` (403): the actor may know the announcement (nothing in its
 *   audience is hidden from them) but lacks the role;
 * - `hidden` (404): its audience includes a private group whose members the
 *   actor may not see, and they did not send it.
 */
export type FiguresAccess = 'allowed' | 'forbidden' | 'hidden';

export interface AnnouncementAccessFacts {
  figures: FiguresAccess;
  /** The actor is in its audience (everyone, or a full member of one of its groups). */
  addressed: boolean;
}

type Judged = Pick<AnnouncementModel, 'id' | 'authorId' | 'everyone'>;

export class AnnouncementAccess {
  constructor(private readonly deps: Pick<AnnouncementDeps, 'models'>) {}

  /** What the actor may do with one announcement's figures. */
  async figures(actor: AnnouncementActor, announcement: Judged): Promise<FiguresAccess> {
    return (await this.judge(actor, [announcement])).get(announcement.id)?.figures ?? 'hidden';
  }

  /** `judge` for announcements known by id only (unknown ids are left out). */
  async judgeIds(actor: AnnouncementActor, announcementIds: readonly string[], viewer?: ViewerContext): Promise<Map<string, AnnouncementAccessFacts>> {
    const rows = await this.deps.models.Announcement.findAll({ where: { id: { [Op.in]: [...announcementIds] } }, attributes: ['id', 'authorId', 'everyone'] });
    return this.judge(actor, rows, viewer);
  }

  /**
   * The facts for each announcement, in a fixed number of queries however
   * many there are. `viewer` is the actor's context when the caller already
   * has it (a web request's, viewerContextOf); otherwise it is loaded.
   */
  async judge(actor: AnnouncementActor, announcements: readonly Judged[], viewer?: ViewerContext): Promise<Map<string, AnnouncementAccessFacts>> {
    const { models } = this.deps;
    const targeted = announcements.filter((announcement) => !announcement.everyone).map((announcement) => announcement.id);
    const [user, links] = await Promise.all([
      viewer ? Promise.resolve(null) : models.User.findByPk(actor.id),
      targeted.length > 0 ? models.AnnouncementGroup.findAll({ where: { announcementId: { [Op.in]: targeted } }, attributes: ['announcementId', 'groupId'], raw: true }) : Promise.resolve([]),
    ]);
    const groupIds = [...new Set(links.map((link) => link.groupId))];
    const [context, groups] = await Promise.all([
      viewer ?? loadViewerContext(models, user),
      groupIds.length > 0 ? models.Group.findAll({ where: { id: { [Op.in]: groupIds } }, attributes: ['id', 'visibility'] }) : Promise.resolve([]),
    ]);
    const groupsById = new Map(groups.map((group) => [group.id, group]));
    const groupsOf = new Map<string, string[]>();
    for (const link of links) groupsOf.set(link.announcementId, [...(groupsOf.get(link.announcementId) ?? []), link.groupId]);
    const facts = new Map<string, AnnouncementAccessFacts>();
    for (const announcement of announcements) {
      facts.set(announcement.id, decide(actor, context, announcement, (groupsOf.get(announcement.id) ?? []).map((id) => groupsById.get(id))));
    }
    return facts;
  }
}

function decide(actor: AnnouncementActor, viewer: ViewerContext, announcement: Judged, groups: ReadonlyArray<Pick<GroupModel, 'id' | 'visibility'> | undefined>): AnnouncementAccessFacts {
  const addressed = announcement.everyone || groups.some((group) => group !== undefined && isFullMembership(membershipOf(viewer, group.id)));
  const role = holdsFiguresRole(actor, announcement);
  // The sender knows who they wrote to: their own figures are always theirs.
  if (role && announcement.authorId === actor.id) return { figures: 'allowed', addressed };
  // A group row gone between the two reads counts as hidden (fail closed).
  const hidden = groups.some((group) => group === undefined || !canSeeGroupMembers(viewer, toDomainGroup(group)));
  if (hidden) return { figures: 'hidden', addressed };
  return { figures: role ? 'allowed' : 'forbidden', addressed };
}
