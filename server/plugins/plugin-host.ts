/**
 * The plugin host: loads the enabled plugins, gives each its own narrow
 * context (API), and connects them to Warble — hooks, the event stream
 * (actions run after commit), routes, view slots, scheduled jobs and the
 * bot account. Built by the container after the core services.
 */
import type { Sequelize } from 'sequelize';
import { ConfigError } from '../config/config-error.js';
import type { Models } from '../db/models/index.js';
import type { UserModel } from '../db/models/user.js';
import { LeaseRepository } from '../db/repositories/lease-repository.js';
import type { GroupRepository } from '../db/repositories/group-repository.js';
import type { UserRepository } from '../db/repositories/user-repository.js';
import { USERNAME_PATTERN } from '../domain/account-rules.js';
import type { Logger } from '../logging/logger.js';
import type { EventPublisher, WarbleEventName, WarbleEvents } from '../services/events.js';
import type { PostCreateService, PostDraft } from '../services/posts/post-create.js';
import { loadViewerContext } from '../services/viewer-context-loader.js';
import type {
  AdminSection,
  PluginBot,
  PluginContext,
  PluginLogger,
  PluginPost,
  PluginRouteHandler,
  RouteOptions,
} from './api.js';
import type { HookRegistry } from './hook-registry.js';
import { loadPlugins, type LoadedPlugin } from './loader.js';
import { PluginReadModel, toPluginUser } from './plugin-reads.js';
import { PluginScheduler } from './plugin-scheduler.js';
import { createPluginStore } from './plugin-store.js';
import type { ViewSlots } from './view-slots.js';

export interface PluginRoute {
  pluginId: string;
  method: 'GET' | 'POST';
  /** Full path, /plugins/<id>/… (Koa router syntax, e.g. /plugins/webhooks/incoming/:token). */
  path: string;
  auth: NonNullable<RouteOptions['auth']>;
  handler: PluginRouteHandler;
}

export interface PluginInfo {
  id: string;
  name: string;
  version: string;
  apiVersion: string;
  description: string;
  bundled: boolean;
  state: 'running' | 'failed';
  hooks: Array<{ name: string; kind: 'filter' | 'action'; priority?: number }>;
  routes: string[];
  slots: string[];
  jobs: string[];
  errors: Array<{ hook: string; message: string; at: Date }>;
}

export interface PluginHostDeps {
  config: { enabled: string[]; dir: string; settings: Record<string, unknown> };
  baseUrl: string;
  sequelize: Sequelize;
  models: Models;
  users: UserRepository;
  groups: GroupRepository;
  posts: PostCreateService;
  events: EventPublisher;
  hooks: HookRegistry;
  slots: ViewSlots;
  logger: Logger;
  /** Start scheduled jobs (servers do; one-shot CLI commands do not). */
  backgroundJobs: boolean;
}

/** Setup must finish; a plugin whose setup hangs would otherwise hang start-up. */
const SETUP_TIMEOUT_MS = 30_000;

export class PluginHost {
  readonly routes: PluginRoute[] = [];
  private readonly plugins: LoadedPlugin[] = [];
  private readonly panels = new Map<string, () => AdminSection[] | Promise<AdminSection[]>>();
  private readonly jobs = new Map<string, string[]>();
  private readonly scheduler: PluginScheduler;
  private readonly reads: PluginReadModel;

  constructor(private readonly deps: PluginHostDeps) {
    this.reads = new PluginReadModel(deps.models, deps.baseUrl);
    this.scheduler = new PluginScheduler(new LeaseRepository(deps.models), (job, error) =>
      deps.hooks.recordError(job.pluginId, `job:${job.name}`, error),
    );
  }

  /** Loads and sets up every enabled plugin; throws ConfigError naming the plugin at fault. */
  async start(): Promise<void> {
    const { config } = this.deps;
    const loaded = await loadPlugins({
      enabled: config.enabled,
      dirs: config.dir === '' ? [] : config.dir.split(':').filter((dir) => dir !== ''),
      settings: config.settings,
    });
    for (const plugin of loaded) {
      const context = this.contextFor(plugin);
      try {
        await withSetupTimeout(Promise.resolve(plugin.definition.setup(context)), plugin.manifest.id);
      } catch (error) {
        throw new ConfigError(`plugin ${plugin.manifest.id}: setup failed: ${(error as Error).message}`);
      }
      this.plugins.push(plugin);
      this.deps.logger.info({ plugin: plugin.manifest.id, version: plugin.manifest.version }, 'plugin started');
    }
    if (this.plugins.length > 0) this.deps.events.register((name, payload) => this.onEvent(name, payload));
  }

  async stop(): Promise<void> {
    await this.scheduler.stop();
    for (const plugin of this.plugins) {
      try {
        await plugin.definition.stop?.();
      } catch (error) {
        this.deps.hooks.recordError(plugin.manifest.id, 'job:stop', error);
      }
    }
    await this.deps.hooks.settled();
  }

  /** Routes declared with auth 'none' carry their own secret, so the CSRF check skips them. */
  isCsrfExempt(path: string): boolean {
    return this.routes.some((route) => route.auth === 'none' && route.method === 'POST' && routeMatches(route.path, path));
  }

  /** A plugin route threw: logged with the plugin id and listed on the admin page. */
  recordRouteError(route: PluginRoute, error: unknown): void {
    this.deps.hooks.recordError(route.pluginId, `route:${route.method} ${route.path}`, error);
  }

  list(): PluginInfo[] {
    return this.plugins.map((plugin) => {
      const id = plugin.manifest.id;
      const errors = this.deps.hooks.recentErrors(id);
      return {
        id,
        name: plugin.manifest.name,
        version: plugin.manifest.version,
        apiVersion: plugin.manifest.apiVersion,
        description: plugin.manifest.description ?? '',
        bundled: plugin.bundled,
        state: 'running',
        hooks: this.deps.hooks.hooksOf(id),
        routes: this.routes.filter((route) => route.pluginId === id).map((route) => `${route.method} ${route.path}`),
        slots: this.deps.slots.slotsOf(id),
        jobs: this.jobs.get(id) ?? [],
        errors: errors.map((error) => ({ hook: error.hook, message: error.message, at: error.at })),
      };
    });
  }

  async adminPanel(id: string): Promise<AdminSection[] | null> {
    const build = this.panels.get(id);
    if (!build) return null;
    try {
      return await build();
    } catch (error) {
      this.deps.hooks.recordError(id, 'route:admin', error);
      return [{ kind: 'text', title: 'Error', text: (error as Error).message }];
    }
  }

  /**
   * Translates after-commit events into plugin actions, loading each post
   * once for all handlers; settles when the handlers did (the outbox keeps
   * the event until then).
   */
  private async onEvent<K extends WarbleEventName>(name: K, payload: WarbleEvents[K]): Promise<void> {
    const { hooks } = this.deps;
    switch (name) {
      case 'post.created': {
        const event = payload as WarbleEvents['post.created'];
        if (event.repostOfId || !(hooks.has('post.created') || hooks.has('reply.created'))) return;
        const post = await this.reads.post(event.postId);
        if (!post) return;
        await Promise.all([hooks.emit('post.created', { post }), event.inReplyToId ? hooks.emit('reply.created', { post, parentId: event.inReplyToId }) : undefined]);
        return;
      }
      case 'post.edited': {
        if (!hooks.has('post.edited')) return;
        const post = await this.reads.post((payload as WarbleEvents['post.edited']).postId);
        if (post) await hooks.emit('post.edited', { post });
        return;
      }
      case 'post.deleted': {
        const event = payload as WarbleEvents['post.deleted'];
        await hooks.emit('post.deleted', { postId: event.postId, authorId: event.authorId });
        return;
      }
      case 'user.deactivated':
        await hooks.emit('user.deactivated', { userId: (payload as WarbleEvents['user.deactivated']).userId });
        return;
      case 'group.memberAdded': {
        const event = payload as WarbleEvents['group.memberAdded'];
        await hooks.emit('group.memberAdded', { groupId: event.groupId, userId: event.userId });
        return;
      }
      case 'user.created':
      case 'user.signedIn': {
        const hook = name === 'user.created' ? 'user.created' : 'user.signedIn';
        if (!hooks.has(hook)) return;
        const user = await this.reads.user((payload as WarbleEvents['user.created']).userId);
        if (user) await hooks.emit(hook, { user });
        return;
      }
      default:
        return;
    }
  }

  private contextFor(plugin: LoadedPlugin): PluginContext {
    const id = plugin.manifest.id;
    const { hooks, slots } = this.deps;
    const log = pluginLogger(this.deps.logger.child({ plugin: id }));
    const addRoute = (method: PluginRoute['method']) => (path: string, handler: PluginRouteHandler, options: RouteOptions = {}) => {
      if (!path.startsWith('/') || path.includes('..')) throw new Error(`route paths start with / (got "${path}")`);
      this.routes.push({ pluginId: id, method, path: `/plugins/${id}${path === '/' ? '' : path}`, auth: options.auth ?? 'user', handler });
    };
    return Object.freeze({
      id,
      config: Object.freeze(structuredClone(plugin.settings)),
      baseUrl: this.deps.baseUrl,
      log,
      store: createPluginStore(this.deps.sequelize, id),
      read: this.reads,
      bot: this.botFor(plugin),
      routes: { get: addRoute('GET'), post: addRoute('POST') },
      filter: (name, handler, options) => hooks.addFilter(id, name, handler, options),
      action: (name, handler) => hooks.addAction(id, name, handler),
      slot: (name, partial) => slots.add(id, name, partial),
      adminPanel: (build) => {
        this.panels.set(id, build);
      },
      schedule: (name, options, job) => {
        PluginScheduler.check(options);
        this.jobs.set(id, [...(this.jobs.get(id) ?? []), `${name} (${options.cron ?? `every ${options.everyMs} ms`})`]);
        if (this.deps.backgroundJobs) this.scheduler.start({ pluginId: id, name, options, run: job });
      },
    } satisfies PluginContext);
  }

  private botFor(plugin: LoadedPlugin): PluginBot {
    const { manifest } = plugin;
    const username = (manifest.bot?.username ?? `${manifest.id}-bot`).toLowerCase();
    const displayName = manifest.bot?.displayName ?? `${manifest.name} (bot)`;
    let account: Promise<UserModel> | undefined;
    const ensure = () => {
      account ??= this.ensureBotUser(manifest.id, username, displayName).catch((error: unknown) => {
        account = undefined;
        throw error;
      });
      return account;
    };
    const publish = async (draft: PostDraft, groupRef?: string): Promise<PluginPost> => {
      const user = await ensure();
      if (groupRef) {
        const group = await this.reads.group(groupRef);
        if (!group) throw new Error(`group "${groupRef}" not found`);
        await this.deps.sequelize.transaction((transaction) => this.deps.groups.addMembers(group.id, [user.id], transaction));
        draft.groupId = group.id;
      }
      const actor = await loadViewerContext(this.deps.models, user);
      const postId = await this.deps.posts.create(actor, draft);
      const post = await this.reads.post(postId);
      if (!post) throw new Error('the new post could not be read back');
      return post;
    };
    return {
      account: async () => toPluginUser(await ensure()),
      post: (text, options = {}) => publish({ text, inReplyToId: options.inReplyToId ?? null }, options.group),
      reply: (postId, text) => publish({ text, inReplyToId: postId }),
      message: (usernames, text) => {
        const mentions = usernames.map((name) => `@${name.replace(/^@/, '')}`).join(' ');
        return publish({ text: `${mentions} ${text}`, visibility: 'direct' });
      },
    };
  }

  /** The plugin's bot account: created on first use; an existing human account of that name is never taken over. */
  private async ensureBotUser(pluginId: string, username: string, displayName: string): Promise<UserModel> {
    if (!USERNAME_PATTERN.test(username)) throw new Error(`bot user name "${username}" is not a valid user name`);
    const existing = await this.deps.users.findByUsername(username);
    if (existing) {
      if (!existing.isBot) throw new Error(`user name "${username}" belongs to a person; set bot.username in the manifest of ${pluginId}`);
      return existing;
    }
    const created = await this.deps.sequelize.transaction(async (transaction) => {
      const user = await this.deps.users.create({ username, displayName, source: 'local' }, transaction);
      user.set({ isBot: true });
      await user.save({ transaction });
      return user;
    });
    this.deps.logger.info({ plugin: pluginId, username }, 'plugin bot account created');
    return created;
  }
}

function pluginLogger(logger: Logger): PluginLogger {
  return {
    debug: (message, details) => logger.debug(details ?? {}, message),
    info: (message, details) => logger.info(details ?? {}, message),
    warn: (message, details) => logger.warn(details ?? {}, message),
    error: (message, details) => logger.error(details ?? {}, message),
  };
}

/** Does a Koa-style route path (`/a/:b`) match a request path? */
export function routeMatches(pattern: string, path: string): boolean {
  const patternParts = pattern.split('/');
  const pathParts = path.split('/');
  if (patternParts.length !== pathParts.length) return false;
  return patternParts.every((part, index) => part.startsWith(':') ? (pathParts[index] ?? '') !== '' : part === pathParts[index]);
}

function withSetupTimeout(work: Promise<void>, id: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`setup of ${id} did not finish within ${SETUP_TIMEOUT_MS} ms`)), SETUP_TIMEOUT_MS);
    timer.unref();
    work.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
