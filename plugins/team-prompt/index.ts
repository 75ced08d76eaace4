/**
 * team-prompt: posts a question into chosen groups on a schedule, as its
 * bot. The job runs on one node only (a database lease), however many
 * nodes run Warble.
 */
import { definePlugin } from '../../server/plugins/api.js';

export default definePlugin({
  setup(ctx) {
    const groups = ctx.config.groups as string[];
    const text = String(ctx.config.text);
    if (groups.length === 0) {
      ctx.log.warn('no groups configured (plugins.team-prompt.groups): nothing will be posted');
      return;
    }
    ctx.schedule('prompt', { cron: String(ctx.config.cron), timezone: String(ctx.config.timezone) }, async () => {
      for (const group of groups) {
        try {
          await ctx.bot.post(text, { group });
        } catch (error) {
          ctx.log.error('could not post the prompt', { group, error: (error as Error).message });
        }
      }
    });
  },
});
