/** The moderation use cases, built from the container's parts (one per file). */
import { ModeratorDeletePostService } from './delete-post.js';
import { HidePostService } from './hide-post.js';
import { ListReportsService } from './list-reports.js';
import type { ModerationDeps } from './moderation-deps.js';
import { ReportPostService } from './report-post.js';
import { ResolveReportService } from './resolve-report.js';
import { SuspendAccountService } from './suspend-account.js';

export interface ModerationServices {
  reports: ReportPostService;
  queue: ListReportsService;
  hiding: HidePostService;
  deletion: ModeratorDeletePostService;
  suspension: SuspendAccountService;
  resolution: ResolveReportService;
}

export function createModerationServices(deps: ModerationDeps): ModerationServices {
  return {
    reports: new ReportPostService(deps),
    queue: new ListReportsService(deps),
    hiding: new HidePostService(deps),
    deletion: new ModeratorDeletePostService(deps),
    suspension: new SuspendAccountService(deps),
    resolution: new ResolveReportService(deps),
  };
}
