/**
 * Creating a group: validates the fields, derives a unique slug from the
 * name, and makes the creator its owner, in one transaction.
 */
import { UniqueConstraintError, type Sequelize } from 'sequelize';
import type { GroupModel, GroupVisibility } from '../../db/models/group.js';
import type { GroupMembershipModel } from '../../db/models/group-membership.js';
import type { GroupRepository } from '../../db/repositories/group-repository.js';
import { validationError } from '../../domain/errors.js';
import { slugCandidates } from '../../domain/group-slug.js';
import type { EventPublisher } from '../events.js';

export const MAX_GROUP_NAME_LENGTH = 200;
export const MAX_GROUP_DESCRIPTION_LENGTH = 2000;
/** Slugs tried per attempt before giving up (`team`, `team-2`, … `team-50`). */
const SLUG_TRIES = 50;

export interface GroupDraft {
  name: unknown;
  description?: unknown;
  visibility?: unknown;
}

export interface CleanGroupDraft {
  name: string;
  description: string;
  visibility: GroupVisibility;
}

/** Checks a draft field by field; each problem is a 422 naming its field. */
export function cleanGroupDraft(draft: GroupDraft): CleanGroupDraft {
  const name = typeof draft.name === 'string' ? draft.name.trim() : '';
  if (name === '') throw validationError('name', 'A group needs a name');
  if (name.length > MAX_GROUP_NAME_LENGTH) throw validationError('name', `A group name is at most ${MAX_GROUP_NAME_LENGTH} characters`);
  if (draft.description !== undefined && draft.description !== null && typeof draft.description !== 'string') {
    throw validationError('description', 'The description must be text');
  }
  const description = typeof draft.description === 'string' ? draft.description.trim() : '';
  if (description.length > MAX_GROUP_DESCRIPTION_LENGTH) {
    throw validationError('description', `A description is at most ${MAX_GROUP_DESCRIPTION_LENGTH} characters`);
  }
  const visibility = draft.visibility === undefined || draft.visibility === '' ? 'public' : draft.visibility;
  if (visibility !== 'public' && visibility !== 'private') throw validationError('visibility', 'Visibility is public or private');
  return { name, description, visibility };
}

export class GroupCreateService {
  constructor(
    private readonly deps: { sequelize: Sequelize; groups: GroupRepository; events: EventPublisher },
  ) {}

  async create(creatorId: string, draft: GroupDraft): Promise<{ group: GroupModel; membership: GroupMembershipModel }> {
    const clean = cleanGroupDraft(draft);
    // Two groups named alike created at the same moment may pick the same slug; the loser retries.
    for (let attempt = 0; ; attempt += 1) {
      try {
        const created = await this.deps.sequelize.transaction(async (transaction) => {
          const slug = await this.freeSlug(clean.name, transaction);
          const group = await this.deps.groups.create({ slug, ...clean, source: 'local' }, transaction);
          const membership = await this.deps.groups.putMembership(group.id, creatorId, 'owner', 'active', transaction);
          await this.deps.events.record(transaction, 'group.memberAdded', { groupId: group.id, userId: creatorId });
          return { group, membership };
        });
        return created;
      } catch (error) {
        if (error instanceof UniqueConstraintError && attempt < 3) continue;
        throw error;
      }
    }
  }

  private async freeSlug(name: string, transaction: Parameters<GroupRepository['slugIsFree']>[1]): Promise<string> {
    let tries = 0;
    for (const candidate of slugCandidates(name)) {
      if (await this.deps.groups.slugIsFree(candidate, transaction)) return candidate;
      tries += 1;
      if (tries >= SLUG_TRIES) break;
    }
    throw validationError('name', 'Too many groups have this name; choose another');
  }
}
