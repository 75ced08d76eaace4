/**
 * A person's own data (`/settings/export`), as JSON lines: their profile,
 * who they follow and who follows them, the groups they belong to, then the
 * post records of ComplianceExport.personalRecords (their posts and edits,
 * the direct messages they received, attachment metadata). Pulled line by
 * line, so it is streamed to the browser rather than built in memory.
 */
import { QueryTypes, type Sequelize } from 'sequelize';
import { toBool, toDate } from '../../db/raw-values.js';
import { ComplianceExport } from './compliance-export.js';

type Raw = Record<string, unknown>;
const iso = (value: unknown) => toDate(value)?.toISOString() ?? null;

export class PersonalExport {
  constructor(private readonly sequelize: Sequelize) {}

  private select(sql: string, me: string): Promise<Raw[]> {
    return this.sequelize.query<Raw>(sql, { replacements: { me }, type: QueryTypes.SELECT });
  }

  async *lines(userId: string): AsyncGenerator<string> {
    const line = (record: object) => `${JSON.stringify(record)}\n`;
    const [user] = await this.select(
      `SELECT id, username, display_name, email, is_admin, source, title, department, phone, manager, locale,
              digest_frequency, muted_notification_types, created_at, last_sign_in_at
       FROM users WHERE id = :me`,
      userId,
    );
    if (!user) return;
    yield line({
      type: 'profile',
      id: String(user.id),
      username: String(user.username),
      display_name: user.display_name ?? null,
      email: user.email ?? null,
      is_admin: toBool(user.is_admin),
      source: user.source ?? null,
      title: user.title ?? null,
      department: user.department ?? null,
      phone: user.phone ?? null,
      manager: user.manager ?? null,
      locale: user.locale ?? null,
      digest_frequency: user.digest_frequency ?? null,
      muted_notification_types: user.muted_notification_types ?? null,
      created_at: iso(user.created_at),
      last_sign_in_at: iso(user.last_sign_in_at),
    });
    const follows = await this.select(
      `SELECT f.id, f.follower_id, f.followee_id, a.username AS follower, b.username AS followee, f.created_at
       FROM follows f JOIN users a ON a.id = f.follower_id JOIN users b ON b.id = f.followee_id
       WHERE f.follower_id = :me OR f.followee_id = :me ORDER BY f.id`,
      userId,
    );
    for (const follow of follows) {
      const outgoing = String(follow.follower_id) === userId;
      yield line({
        type: outgoing ? 'following' : 'follower',
        id: String(follow.id),
        at: iso(follow.created_at),
        username: String(outgoing ? follow.followee : follow.follower),
      });
    }
    const memberships = await this.select(
      `SELECT g.slug, g.name, m.role, m.state, m.created_at FROM group_memberships m JOIN groups g ON g.id = m.group_id
       WHERE m.user_id = :me ORDER BY g.slug`,
      userId,
    );
    for (const membership of memberships) {
      yield line({
        type: 'group_membership',
        group: String(membership.slug),
        name: String(membership.name),
        role: String(membership.role),
        state: String(membership.state),
        at: iso(membership.created_at),
      });
    }
    for await (const record of new ComplianceExport(this.sequelize).personalRecords(userId)) yield line(record);
  }
}
