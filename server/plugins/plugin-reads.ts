/**
 * Reads for plugins: posts, people and groups as plain data. Deleted posts
 * and hidden posts are not returned; the shapes are the plugin API's, never
 * the models, so a schema change does not reach plugins.
 */
import type { Models } from '../db/models/index.js';
import type { UserModel } from '../db/models/user.js';
import { isId } from '../domain/ids.js';
import type { PluginGroup, PluginPost, PluginReads, PluginUser } from './api.js';

export function toPluginUser(user: UserModel): PluginUser {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    email: user.email,
    title: user.title,
    department: user.department,
    isAdmin: user.isAdmin === true,
    isBot: user.isBot === true,
    active: user.deactivatedAt === null,
    source: user.source === 'ldap' ? 'ldap' : 'local',
  };
}

export class PluginReadModel implements PluginReads {
  constructor(
    private readonly models: Models,
    private readonly baseUrl: string,
  ) {}

  async post(id: string): Promise<PluginPost | null> {
    if (!isId(id)) return null;
    const row = await this.models.Post.findByPk(id);
    if (!row || row.deletedAt || row.hiddenAt) return null;
    const [author, tags, group] = await Promise.all([
      this.models.User.findByPk(row.authorId),
      this.models.PostHashtag.findAll({ where: { postId: id }, attributes: ['tag'] }),
      row.groupId ? this.models.Group.findByPk(row.groupId) : Promise.resolve(null),
    ]);
    const username = author?.username ?? '';
    return {
      id: row.id,
      url: `${this.baseUrl}/@${encodeURIComponent(username)}/${row.id}`,
      authorId: row.authorId,
      authorUsername: username,
      text: row.text,
      visibility: row.visibility,
      groupId: row.groupId,
      groupSlug: group?.slug ?? null,
      hashtags: tags.map((tag) => tag.tag),
      inReplyToId: row.inReplyToId,
      createdAt: row.createdAt.toISOString(),
      editedAt: row.editedAt ? row.editedAt.toISOString() : null,
    };
  }

  async user(id: string): Promise<PluginUser | null> {
    const user = isId(id) ? await this.models.User.findByPk(id) : null;
    return user ? toPluginUser(user) : null;
  }

  async userByUsername(username: string): Promise<PluginUser | null> {
    const user = await this.models.User.findOne({ where: { username: username.trim().toLowerCase() } });
    return user ? toPluginUser(user) : null;
  }

  async group(idOrSlug: string): Promise<PluginGroup | null> {
    const slug = idOrSlug.trim().toLowerCase();
    const group = isId(idOrSlug)
      ? await this.models.Group.findByPk(idOrSlug)
      : await this.models.Group.findOne({ where: { slug } });
    if (!group || group.archivedAt) return null;
    return { id: group.id, slug: group.slug, name: group.name, visibility: group.visibility };
  }

  async groupMemberIds(groupId: string): Promise<string[]> {
    if (!isId(groupId)) return [];
    const rows = await this.models.GroupMembership.findAll({ where: { groupId, state: 'active' }, attributes: ['userId'] });
    return rows.map((row) => row.userId);
  }
}
