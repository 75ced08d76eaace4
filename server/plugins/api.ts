/**
 * The plugin API: everything a plugin author may import, in one module.
 *
 * Plugins see plain data (PluginPost, PluginUser, PluginGroup) and narrow
 * capabilities (PluginContext). They never receive models, the Koa app or
 * the Socket.IO server, so Warble's internals can change without breaking
 * them. The hook names and payloads are one typed map (FilterHooks,
 * ActionHooks): a misspelt hook name is a compile error.
 *
 * Versioning: PLUGIN_API_VERSION is "major.minor". A plugin declares the
 * version it was written for in its manifest (`apiVersion`); it loads when
 * the majors are equal and its minor is not newer than Warble's.
 */

/** The plugin API version this Warble provides. */
export const PLUGIN_API_VERSION = '1.0';

// ---------------------------------------------------------------- data shapes

/** A person or bot as plugins see it: no password hash, no session. */
export interface PluginUser {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  title: string | null;
  department: string | null;
  isAdmin: boolean;
  isBot: boolean;
  active: boolean;
  source: 'local' | 'ldap';
}

export interface PluginGroup {
  id: string;
  slug: string;
  name: string;
  visibility: 'public' | 'private';
}

export interface PluginPost {
  id: string;
  url: string;
  authorId: string;
  authorUsername: string;
  text: string;
  /** public, group or direct. */
  visibility: string;
  groupId: string | null;
  groupSlug: string | null;
  hashtags: string[];
  inReplyToId: string | null;
  createdAt: string;
  editedAt: string | null;
}

/** A draft before it is stored; filters may change `text`. */
export interface PluginPostDraft {
  text: string;
  visibility: string | null;
  groupId: string | null;
  inReplyToId: string | null;
  language: string | null;
}

/** The profile fields mapped from a directory entry, before they are stored. */
export interface PluginDirectoryProfile {
  username: string;
  displayName: string;
  email: string | null;
  title: string | null;
  department: string | null;
  phone: string | null;
  manager: string | null;
}

export interface PluginNotification {
  recipientId: string;
  type: string;
  actorId: string | null;
  postId: string | null;
  groupId: string | null;
}

/** One entry of a timeline page; filters may drop or reorder entries, never add. */
export interface PluginTimelineItem {
  id: string;
  authorId: string;
  text: string;
}

/**
 * What post.render may add to a post's HTML, as data: Warble escapes every
 * text and checks every href (http(s) or a same-site path), so a plugin can
 * never inject markup.
 */
export interface PostRenderAdditions {
  /** Occurrences of `text` in the post's plain text become links (not inside existing links). */
  links: Array<{ text: string; href: string; title?: string }>;
  /** Short notes shown under the post, as text or links. */
  footer: Array<{ text: string; href?: string }>;
}

// ---------------------------------------------------------------- hooks

/**
 * Filters: run before the write, in priority order (lower first, then by
 * plugin id), each receiving the previous handler's value. A handler
 * returns the (possibly changed) value, or throws `reject(message)` where
 * the hook allows it. See docs/plugins.md for each hook's error policy.
 */
export interface FilterHooks {
  /** Change a draft before it is checked and stored. Rejectable. On error: the handler is skipped. */
  'post.beforeCreate': { value: PluginPostDraft; context: { author: PluginUser } };
  /** Accept or reject the final draft (creates and edits); the returned value is ignored. Rejectable. On error: skipped, unless registered with failClosed. */
  'post.validate': { value: PluginPostDraft; context: { author: PluginUser; kind: 'create' | 'edit'; postId: string | null } };
  /** Synchronous. Add links and footer notes to a post's rendered HTML. On error: that handler's additions are dropped. */
  'post.render': { value: PostRenderAdditions; context: { post: { id: string; authorId: string; text: string; groupId: string | null; hashtags: string[] } } };
  /** Adjust the profile mapped from the directory. On error: the handler is skipped. */
  'directory.profile': { value: PluginDirectoryProfile; context: { dn: string } };
  /** Keep or drop (return null) a notification before it is stored and pushed; any other change is ignored. On error: skipped. */
  'notification.beforeSend': { value: PluginNotification | null; context: Record<string, never> };
  /** Drop or reorder a timeline page's items. On error: skipped. Items not in the input are ignored. */
  'timeline.items': { value: PluginTimelineItem[]; context: { timeline: string; viewerId: string | null } };
}

/** Actions: told after the database commit, each handler isolated, with its own copy of the payload. */
export interface ActionHooks {
  'post.created': { post: PluginPost };
  'post.edited': { post: PluginPost };
  'post.deleted': { postId: string; authorId: string };
  'reply.created': { post: PluginPost; parentId: string };
  'user.signedIn': { user: PluginUser };
  'user.created': { user: PluginUser };
  'user.deactivated': { userId: string };
  'group.memberAdded': { groupId: string; userId: string };
}

export type FilterName = keyof FilterHooks;
export type ActionName = keyof ActionHooks;
export type HookName = FilterName | ActionName;

/** post.render is synchronous: it runs for every post shown. */
export type SyncFilterName = 'post.render';
export type AsyncFilterName = Exclude<FilterName, SyncFilterName>;

export type FilterHandler<K extends FilterName> = K extends SyncFilterName
  ? (value: FilterHooks[K]['value'], context: FilterHooks[K]['context']) => FilterHooks[K]['value']
  : (value: FilterHooks[K]['value'], context: FilterHooks[K]['context']) => FilterHooks[K]['value'] | Promise<FilterHooks[K]['value']>;

export type ActionHandler<K extends ActionName> = (payload: ActionHooks[K]) => void | Promise<void>;

export interface FilterOptions {
  /** Lower runs first; default 10. */
  priority?: number;
  /** post.validate only: when this handler throws or times out, reject the post instead of skipping the check. */
  failClosed?: boolean;
}

/** Thrown by a filter to refuse the value; `message` is shown to the person. */
export class PluginRejection extends Error {
  override readonly name = 'PluginRejection';
  constructor(
    message: string,
    /** The form or API field the message is about; default `status`. */
    readonly field: string = 'status',
  ) {
    super(message);
  }
}

/** `throw reject('Card numbers may not be posted')` from a filter. */
export const reject = (message: string, field?: string) => new PluginRejection(message, field);

// ---------------------------------------------------------------- capabilities

export interface PluginLogger {
  debug(message: string, details?: Record<string, unknown>): void;
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

/** A key-value store of the plugin's own (values are JSON), shared by every node. */
export interface PluginStore {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  /** Keys starting with `prefix`, sorted. */
  keys(prefix?: string): Promise<string[]>;
}

export interface PluginReads {
  post(id: string): Promise<PluginPost | null>;
  user(id: string): Promise<PluginUser | null>;
  userByUsername(username: string): Promise<PluginUser | null>;
  group(idOrSlug: string): Promise<PluginGroup | null>;
  groupMemberIds(groupId: string): Promise<string[]>;
}

export interface BotPostOptions {
  /** Post into this group (id or slug); the bot joins it if needed. */
  group?: string;
  inReplyToId?: string;
}

/** The plugin's bot account (`users.is_bot`), created at start. */
export interface PluginBot {
  /** The bot's account, created on first use. */
  account(): Promise<PluginUser>;
  post(text: string, options?: BotPostOptions): Promise<PluginPost>;
  reply(postId: string, text: string): Promise<PluginPost>;
  /** A direct message to these people (usernames). */
  message(usernames: string[], text: string): Promise<PluginPost>;
}

export interface PluginRequest {
  method: string;
  /** Path below /plugins/<id>. */
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON or form body. */
  body: unknown;
  /** The signed-in person, for routes with auth 'user' or 'admin'. */
  user: PluginUser | null;
}

export type PluginResponse =
  | { status?: number; json: unknown }
  | { status?: number; text: string }
  | { redirect: string };

export type PluginRouteHandler = (request: PluginRequest) => PluginResponse | Promise<PluginResponse>;

export interface RouteOptions {
  /** Who may call it: 'none' (public, e.g. a secret-URL webhook), 'user' or 'admin'. Default 'user'. */
  auth?: 'none' | 'user' | 'admin';
}

/** Routes under /plugins/<id>/. Routes with auth 'none' never see the cookie identity and skip CSRF. */
export interface PluginRoutes {
  get(path: string, handler: PluginRouteHandler, options?: RouteOptions): void;
  post(path: string, handler: PluginRouteHandler, options?: RouteOptions): void;
}

export type ViewSlotName = 'post.footer' | 'sidebar' | 'profile';

/**
 * A partial for a named slot: a Handlebars template (triple braces are
 * refused, so every value is escaped) and the data it shows; return null
 * from `data` to show nothing.
 */
export interface SlotPartial {
  template: string;
  data(context: { viewerId: string | null; [key: string]: unknown }): Record<string, unknown> | null;
}

/** A section of the plugin's panel on /admin/plugins/<id>, as data (Warble renders and escapes it). */
export type AdminSection =
  | { kind: 'table'; title: string; columns: string[]; rows: string[][] }
  | { kind: 'text'; title: string; text: string }
  | { kind: 'form'; title: string; action: string; fields: Array<{ name: string; label: string }>; submit: string };

export interface ScheduleOptions {
  /** Milliseconds between runs, or */
  everyMs?: number;
  /** a cron expression (minute hour day month weekday), evaluated in `timezone` (default UTC). */
  cron?: string;
  timezone?: string;
}

export interface PluginContext {
  readonly id: string;
  /** The plugin's validated settings (plugins.<id> in the configuration). */
  readonly config: Readonly<Record<string, unknown>>;
  /** The instance's public address (for links), without a trailing slash. */
  readonly baseUrl: string;
  readonly log: PluginLogger;
  readonly store: PluginStore;
  readonly read: PluginReads;
  readonly bot: PluginBot;
  readonly routes: PluginRoutes;
  filter<K extends FilterName>(name: K, handler: FilterHandler<K>, options?: FilterOptions): void;
  action<K extends ActionName>(name: K, handler: ActionHandler<K>): void;
  /** Add a partial to a named view slot. */
  slot(name: ViewSlotName, partial: SlotPartial): void;
  /** Sections shown on the plugin's admin page. */
  adminPanel(build: () => AdminSection[] | Promise<AdminSection[]>): void;
  /** A job that runs once across all nodes (a database lease picks the node). */
  schedule(name: string, options: ScheduleOptions, job: () => Promise<void>): void;
}

export interface PluginDefinition {
  /** Called once at start, after the settings are validated. Register hooks, routes and jobs here. */
  setup(context: PluginContext): void | Promise<void>;
  /** Called at shutdown. */
  stop?(): void | Promise<void>;
}

/** The entry module's default export: `export default definePlugin({ setup(ctx) { … } })`. */
export function definePlugin(definition: PluginDefinition): PluginDefinition {
  return definition;
}
