/**
 * The typed hook registry: which plugin handles which hook, in what order,
 * and the rules every call follows (timeouts, isolation, error policy).
 *
 * Built by the container before the services that call hooks, filled by the
 * plugin host, then sealed: handlers are sorted once, by priority then
 * plugin id, so the order never depends on load timing.
 */
import { PendingWork } from '../jobs/pending-work.js';
import {
  PluginRejection,
  type ActionHandler,
  type ActionHooks,
  type ActionName,
  type AsyncFilterName,
  type FilterHandler,
  type FilterHooks,
  type FilterName,
  type HookName,
  type SyncFilterName,
} from './api.js';
import type { Logger } from '../logging/logger.js';

export interface HookTimeouts {
  filterMs: number;
  actionMs: number;
}

interface FilterEntry {
  pluginId: string;
  priority: number;
  failClosed: boolean;
  handler: (value: unknown, context: unknown) => unknown;
}

interface ActionEntry {
  pluginId: string;
  handler: (payload: unknown) => void | Promise<void>;
}

export interface HookError {
  pluginId: string;
  hook: HookName | `job:${string}` | `route:${string}`;
  message: string;
  at: Date;
}

/** Thrown when a handler does not settle in time. */
export class HookTimeoutError extends Error {
  override readonly name = 'HookTimeoutError';
  readonly code = 'E_HOOK_TIMEOUT';
  constructor(hook: string, ms: number) {
    super(`${hook} did not finish within ${ms} ms`);
  }
}

/** A filter rejected the value; carries the plugin's message for the person. */
export class HookRejection extends Error {
  override readonly name = 'HookRejection';
  constructor(
    readonly pluginId: string,
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}

const RECENT_ERRORS = 50;

/** Resolves with the promise, or rejects with HookTimeoutError after `ms`. */
export function withTimeout<T>(work: () => T | Promise<T>, ms: number, hook: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new HookTimeoutError(hook, ms)), ms);
    timer.unref();
    Promise.resolve()
      .then(work)
      .then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
  });
}

/** PluginRejection, or for plain-JavaScript plugins that do not import the API, any Error named 'PluginRejection'. */
function isRejection(error: unknown): error is Error & { field?: unknown } {
  return error instanceof PluginRejection || (error instanceof Error && error.name === 'PluginRejection');
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class HookRegistry {
  private readonly filters = new Map<FilterName, FilterEntry[]>();
  private readonly actions = new Map<ActionName, ActionEntry[]>();
  private readonly errors: HookError[] = [];
  private readonly pending = new PendingWork();

  constructor(
    private readonly timeouts: HookTimeouts,
    private readonly logger: Logger,
  ) {}

  addFilter<K extends FilterName>(pluginId: string, name: K, handler: FilterHandler<K>, options: { priority?: number; failClosed?: boolean } = {}): void {
    const list = this.filters.get(name) ?? [];
    list.push({
      pluginId,
      priority: options.priority ?? 10,
      failClosed: options.failClosed ?? false,
      handler: handler as FilterEntry['handler'],
    });
    list.sort((a, b) => a.priority - b.priority || a.pluginId.localeCompare(b.pluginId));
    this.filters.set(name, list);
  }

  addAction<K extends ActionName>(pluginId: string, name: K, handler: ActionHandler<K>): void {
    const list = this.actions.get(name) ?? [];
    list.push({ pluginId, handler: handler as ActionEntry['handler'] });
    list.sort((a, b) => a.pluginId.localeCompare(b.pluginId));
    this.actions.set(name, list);
  }

  has(name: HookName): boolean {
    return (this.filters.get(name as FilterName)?.length ?? 0) + (this.actions.get(name as ActionName)?.length ?? 0) > 0;
  }

  /** Hook names each plugin handles, for the admin page. */
  hooksOf(pluginId: string): Array<{ name: HookName; kind: 'filter' | 'action'; priority?: number }> {
    const found: Array<{ name: HookName; kind: 'filter' | 'action'; priority?: number }> = [];
    for (const [name, list] of this.filters) {
      for (const entry of list) if (entry.pluginId === pluginId) found.push({ name, kind: 'filter', priority: entry.priority });
    }
    for (const [name, list] of this.actions) {
      if (list.some((entry) => entry.pluginId === pluginId)) found.push({ name, kind: 'action' });
    }
    return found;
  }

  /**
   * Runs an asynchronous filter chain. A PluginRejection becomes a
   * HookRejection (the caller turns it into a 422); any other error or a
   * timeout is logged and the handler skipped — or, for a failClosed
   * handler, turned into a rejection.
   */
  async filter<K extends AsyncFilterName>(name: K, value: FilterHooks[K]['value'], context: FilterHooks[K]['context']): Promise<FilterHooks[K]['value']> {
    const list = this.filters.get(name);
    if (!list || list.length === 0) return value;
    let current = value;
    for (const entry of list) {
      const input = structuredClone(current);
      try {
        const result = await withTimeout(() => entry.handler(input, structuredClone(context)), this.timeouts.filterMs, name);
        if (name !== 'post.validate') current = result as typeof current;
      } catch (error) {
        if (isRejection(error)) throw new HookRejection(entry.pluginId, error.message, typeof error.field === 'string' ? error.field : 'status');
        this.recordError(entry.pluginId, name, error);
        if (entry.failClosed && name === 'post.validate') {
          throw new HookRejection(entry.pluginId, 'This post could not be checked right now. Try again in a moment.', 'status');
        }
      }
    }
    return current;
  }

  /** Runs a synchronous filter chain (post.render); a throwing handler's change is dropped. */
  filterSync<K extends SyncFilterName>(name: K, value: FilterHooks[K]['value'], context: FilterHooks[K]['context']): FilterHooks[K]['value'] {
    const list = this.filters.get(name);
    if (!list || list.length === 0) return value;
    let current = value;
    for (const entry of list) {
      try {
        const result = entry.handler(structuredClone(current), context);
        if (result instanceof Promise) throw new Error(`${name} handlers must be synchronous`);
        current = result as typeof current;
      } catch (error) {
        this.recordError(entry.pluginId, name, error);
      }
    }
    return current;
  }

  /**
   * Tells every handler, each with its own copy of the payload: a throwing
   * or hanging handler is logged with its plugin id and affects nobody else.
   * Call only after the database commit. The promise settles (never rejects)
   * when every handler finished or timed out: the event outbox keeps an event
   * until then, so a crash before a handler recorded its work (a webhook
   * delivery) repeats the event rather than losing it.
   */
  emit<K extends ActionName>(name: K, payload: ActionHooks[K]): Promise<void> {
    const list = this.actions.get(name);
    if (!list) return Promise.resolve();
    const runs: Promise<void>[] = [];
    for (const entry of list) {
      const copy = structuredClone(payload);
      const run = withTimeout(() => entry.handler(copy), this.timeouts.actionMs, name).catch((error: unknown) => this.recordError(entry.pluginId, name, error));
      this.pending.track(run);
      runs.push(run);
    }
    return Promise.all(runs).then(() => undefined);
  }

  /** Waits for actions in flight (tests, shutdown); bounded by their timeouts. */
  async settled(): Promise<void> {
    await this.pending.settled();
  }

  recordError(pluginId: string, hook: HookError['hook'], error: unknown): void {
    const message = messageOf(error);
    this.logger.error({ plugin: pluginId, hook, err: error }, `plugin ${pluginId}: ${hook} failed: ${message}`);
    this.errors.unshift({ pluginId, hook, message, at: new Date() });
    this.errors.length = Math.min(this.errors.length, RECENT_ERRORS);
  }

  recentErrors(pluginId?: string): HookError[] {
    return pluginId ? this.errors.filter((error) => error.pluginId === pluginId) : [...this.errors];
  }
}
