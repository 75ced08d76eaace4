/**
 * keyword-guard: refuses posts (and edits) that match configured patterns
 * or contain a payment card number, before anything is stored. The author
 * sees the configured message; the post is not saved.
 */
import { definePlugin, reject } from '../../server/plugins/api.js';
import { containsCardNumber } from './luhn.js';

interface Settings {
  patterns: string[];
  cardNumbers: boolean;
  message: string;
  cardMessage: string;
}

export default definePlugin({
  setup(ctx) {
    const settings = ctx.config as unknown as Settings;
    const patterns = settings.patterns.map((source) => new RegExp(source, 'iu'));
    ctx.filter(
      'post.validate',
      (draft) => {
        if (settings.cardNumbers && containsCardNumber(draft.text)) throw reject(settings.cardMessage);
        if (patterns.some((pattern) => pattern.test(draft.text))) throw reject(settings.message);
        return draft;
      },
      { priority: 5 },
    );
  },
});
