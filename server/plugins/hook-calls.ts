/**
 * The places Warble's services call plugin hooks, each a small function so
 * services depend on one narrow interface (`PluginHookCalls`) and never see
 * plugin types. A plugin's rejection becomes a 422 with its message
 * (E_PLUGIN_REJECTED); every other failure follows the hook's policy in
 * HookRegistry.
 */
import type { Models } from '../db/models/index.js';
import { DomainError } from '../domain/errors.js';
import type { PluginDirectoryProfile, PluginNotification, PluginPostDraft, PostRenderAdditions } from './api.js';
import { HookRejection, type HookRegistry } from './hook-registry.js';
import { toPluginUser } from './plugin-reads.js';

export interface DraftFields {
  text: string;
  visibility?: string | null;
  groupId?: string | null;
  inReplyToId?: string | null;
  language?: string | null;
}

export interface PluginHookCalls {
  /** post.beforeCreate (creates only) then post.validate; throws DomainError E_PLUGIN_REJECTED. */
  draft<T extends DraftFields>(authorId: string, draft: T, kind: 'create' | 'edit', postId: string | null): Promise<T>;
  /** post.render: additions for one post, or null when no plugin adds anything. */
  render(post: { id: string; authorId: string; text: string; groupId: string | null; hashtags: string[] }): PostRenderAdditions | null;
  /** directory.profile */
  profile<T extends PluginDirectoryProfile>(profile: T, dn: string): Promise<T>;
  /** notification.beforeSend: null drops the notification. */
  notification<T extends { recipientId: string; type: string; actorId: string | null; postId?: string | null; groupId?: string | null }>(draft: T): Promise<T | null>;
  /** timeline.items: keeps only ids the filter returned, in its order. */
  timelineItems<T extends { id: string; account: object; content: string }>(timeline: string, viewerId: string | null, items: T[]): Promise<T[]>;
}

const rejected = (error: HookRejection) => new DomainError('E_PLUGIN_REJECTED', error.message, 422, error.field);

export function pluginHookCalls(hooks: HookRegistry, models: Models): PluginHookCalls {
  return {
    async draft(authorId, draft, kind, postId) {
      if (!hooks.has('post.beforeCreate') && !hooks.has('post.validate')) return draft;
      const user = await models.User.findByPk(authorId);
      if (!user) return draft;
      const author = toPluginUser(user);
      let value: PluginPostDraft = {
        text: draft.text,
        visibility: draft.visibility ?? null,
        groupId: draft.groupId ?? null,
        inReplyToId: draft.inReplyToId ?? null,
        language: draft.language ?? null,
      };
      try {
        if (kind === 'create') value = await hooks.filter('post.beforeCreate', value, { author });
        await hooks.filter('post.validate', value, { author, kind, postId });
      } catch (error) {
        throw error instanceof HookRejection ? rejected(error) : error;
      }
      if (typeof value?.text !== 'string') return draft;
      return kind === 'create' ? { ...draft, ...value } : { ...draft, text: value.text };
    },
    render(post) {
      if (!hooks.has('post.render')) return null;
      const additions = hooks.filterSync('post.render', { links: [], footer: [] }, { post });
      const links = Array.isArray(additions?.links) ? additions.links : [];
      const footer = Array.isArray(additions?.footer) ? additions.footer : [];
      return links.length + footer.length > 0 ? { links, footer } : null;
    },
    async profile(profile, dn) {
      if (!hooks.has('directory.profile')) return profile;
      const next = await hooks.filter('directory.profile', { ...profile }, { dn });
      return next ? { ...profile, ...pickProfile(next) } : profile;
    },
    async notification(draft) {
      if (!hooks.has('notification.beforeSend')) return draft;
      const value: PluginNotification = {
        recipientId: draft.recipientId,
        type: draft.type,
        actorId: draft.actorId,
        postId: draft.postId ?? null,
        groupId: draft.groupId ?? null,
      };
      const next = await hooks.filter('notification.beforeSend', value, {});
      // Plugins may drop a notification or redirect nothing: only the recipient is theirs to keep or drop.
      return next === null ? null : draft;
    },
    async timelineItems(timeline, viewerId, items) {
      if (!hooks.has('timeline.items') || items.length === 0) return items;
      const byId = new Map(items.map((item) => [item.id, item]));
      const input = items.map((item) => ({ id: item.id, authorId: String((item.account as { id?: unknown }).id ?? ''), text: item.content }));
      const output = await hooks.filter('timeline.items', input, { timeline, viewerId });
      if (!Array.isArray(output)) return items;
      const seen = new Set<string>();
      return output.flatMap((entry) => {
        const item = typeof entry?.id === 'string' && !seen.has(entry.id) ? byId.get(entry.id) : undefined;
        if (!item) return [];
        seen.add(entry.id);
        return [item];
      });
    },
  };
}

/** The fields a plugin may change (not the user name), kept only when they are text or null. */
function pickProfile(profile: PluginDirectoryProfile): Partial<PluginDirectoryProfile> {
  const fields = ['displayName', 'email', 'title', 'department', 'phone', 'manager'] as const;
  const picked: Partial<Record<(typeof fields)[number], string | null>> = {};
  for (const field of fields) {
    const value: unknown = profile[field];
    if (typeof value === 'string' || (value === null && field !== 'displayName')) picked[field] = value;
  }
  return picked as Partial<PluginDirectoryProfile>;
}
