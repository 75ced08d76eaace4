/** The record of directory sync runs, for the admin page and the CLI. */
import type { Models } from '../models/index.js';
import type { DirectorySyncRunModel, SyncTrigger } from '../models/directory-sync-run.js';
import { newId } from '../../domain/ids.js';

/** What one sync changed. */
export interface SyncCounts {
  added: number;
  updated: number;
  deactivated: number;
  reactivated: number;
  groups: number;
}

export class SyncRunRepository {
  constructor(private readonly models: Models) {}

  start(trigger: SyncTrigger, at: Date = new Date()): Promise<DirectorySyncRunModel> {
    return this.models.DirectorySyncRun.create({ id: newId(), trigger, status: 'running', startedAt: at, finishedAt: null, error: null });
  }

  async succeed(id: string, counts: SyncCounts): Promise<void> {
    await this.models.DirectorySyncRun.update({ ...counts, status: 'succeeded', finishedAt: new Date() }, { where: { id } });
  }

  async fail(id: string, counts: SyncCounts, error: string): Promise<void> {
    await this.models.DirectorySyncRun.update(
      { ...counts, status: 'failed', finishedAt: new Date(), error: error.slice(0, 4000) },
      { where: { id } },
    );
  }

  /** Newest first. */
  recent(limit = 10): Promise<DirectorySyncRunModel[]> {
    return this.models.DirectorySyncRun.findAll({ order: [['startedAt', 'DESC'], ['id', 'DESC']], limit });
  }

  /** The newest run that finished without error, if any. */
  lastSucceeded(): Promise<DirectorySyncRunModel | null> {
    return this.models.DirectorySyncRun.findOne({ where: { status: 'succeeded' }, order: [['startedAt', 'DESC'], ['id', 'DESC']] });
  }
}
