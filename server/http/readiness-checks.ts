/** What /readyz checks: the database answers, every migration is applied, and Redis answers when configured. */
import type { Sequelize } from 'sequelize';
import { migrationStatus } from '../db/migrator.js';
import type { RedisConnection } from '../realtime/redis-connection.js';
import type { ReadinessCheck } from './routes/health.js';

export function readinessChecksFor(sequelize: Sequelize, redis: RedisConnection | null): ReadinessCheck[] {
  const checks: ReadinessCheck[] = [
    {
      name: 'database',
      check: async () => {
        await sequelize.query('SELECT 1');
        return { ok: true, detail: sequelize.getDialect() };
      },
    },
    {
      name: 'migrations',
      check: async () => {
        const status = await migrationStatus(sequelize);
        const ok = status.pending.length === 0 && status.unknown.length === 0;
        return { ok, detail: ok ? `${status.executed.length} applied` : `pending: ${status.pending.join(', ')}` };
      },
    },
  ];
  if (redis) {
    checks.push({
      name: 'redis',
      check: async () => ({ ok: (await redis.client.ping()) === 'PONG', detail: 'shared live events and rate limits' }),
    });
  }
  return checks;
}
