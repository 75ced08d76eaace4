/**
 * ticket-links: OPS-123 in a post becomes a link to the tracker. Uses
 * post.render's structured links, so Warble escapes the text and checks the
 * address: the plugin never writes HTML.
 */
import { definePlugin } from '../../server/plugins/api.js';

const ISSUE_KEY = /\b([A-Z][A-Z0-9]{1,9})-(\d{1,7})\b/g;

export default definePlugin({
  setup(ctx) {
    const url = String(ctx.config.url);
    const projects = new Set(ctx.config.projects as string[]);
    ctx.filter('post.render', (additions, { post }) => {
      const keys = new Set<string>();
      for (const match of post.text.matchAll(ISSUE_KEY)) {
        if (projects.size === 0 || projects.has(match[1]!)) keys.add(match[0]);
      }
      const links = [...keys].map((key) => ({ text: key, href: url.replaceAll('{key}', encodeURIComponent(key)), title: key }));
      return { ...additions, links: [...additions.links, ...links] };
    });
  },
});
