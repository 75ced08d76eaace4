/**
 * The reads every signed-in request makes before it does anything — the
 * person, their group memberships — and the authors shown with each page of
 * posts, on the hot-read connections (server/db/read-queries.ts).
 *
 * Through Sequelize these went over its one shared SQLite connection, which
 * serialised them across all concurrent requests: measured under home
 * timeline load, the session, user and membership lookups waited ~100 ms
 * each in that queue, most of a request's latency. Nothing here is cached:
 * every call reads the committed rows, so a suspension, a deactivation or a
 * removal from a private group counts on the very next request, on every node.
 * (The authors the StatusPresenter shows go through server/db/cache/user-read-cache.ts,
 * invalidated by events; the viewer's own row and memberships never do.)
 */
import type { CreationAttributes } from 'sequelize';
import type { Models } from '../models/index.js';
import type { GroupMembershipModel } from '../models/group-membership.js';
import type { UserModel } from '../models/user.js';
import type { ReadQueries, Row } from '../read-queries.js';
import { toBool, toDate } from '../raw-values.js';

export type MembershipRow = Pick<GroupMembershipModel, 'groupId' | 'role' | 'state'>;

type Convert = (value: unknown) => unknown;

/** Raw values as Sequelize's own SELECT would give them, so a built instance matches findByPk's exactly. */
const CONVERTERS: Record<string, Convert> = {
  DATE: (value) => toDate(value),
  BOOLEAN: (value) => (value === null || value === undefined ? value : toBool(value)),
  INTEGER: (value) => (value === null || value === undefined ? value : Number(value)),
};

export class ViewerReadRepository {
  private readonly userColumns: string;
  private readonly userConverters: Array<[string, Convert]>;

  constructor(
    private readonly reads: ReadQueries,
    private readonly models: Pick<Models, 'User'>,
  ) {
    const attributes = Object.entries(models.User.getAttributes());
    // Quoted aliases keep the attribute names' case on PostgreSQL; SQLite accepts the same quoting.
    this.userColumns = attributes.map(([name, attribute]) => `"${attribute.field ?? name}" AS "${name}"`).join(', ');
    this.userConverters = attributes.flatMap(([name, attribute]) => {
      const convert = CONVERTERS[(attribute.type as { key?: string }).key ?? ''];
      return convert ? [[name, convert] as [string, Convert]] : [];
    });
  }

  async userById(id: string): Promise<UserModel | null> {
    return (await this.usersByIds([id]))[0] ?? null;
  }

  /** Full model instances (what presenters and routes expect), built the way Sequelize builds query results. */
  async usersByIds(ids: readonly string[]): Promise<UserModel[]> {
    if (ids.length === 0) return [];
    const rows = await this.reads.select(`SELECT ${this.userColumns} FROM users WHERE id IN (:ids)`, { ids: [...new Set(ids)] });
    return rows.map((row) => this.toUser(row));
  }

  async membershipsOf(userId: string): Promise<MembershipRow[]> {
    return this.reads.select<MembershipRow & Row>(
      'SELECT group_id AS "groupId", role, state FROM group_memberships WHERE user_id = :userId',
      { userId },
    );
  }

  private toUser(row: Row): UserModel {
    for (const [name, convert] of this.userConverters) row[name] = convert(row[name]);
    return this.models.User.build(row as unknown as CreationAttributes<UserModel>, { raw: true, isNewRecord: false });
  }
}
