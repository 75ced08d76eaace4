/**
 * Server-side pages with Handlebars: layouts/, partials/ and pages/ under
 * views/, compiled once at start. Handlebars escapes every `{{value}}`;
 * triple braces are reserved for HTML Warble itself produced.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { Translator } from '../../i18n/translator.js';
import { viewsDir } from '../../paths.js';
import { registerHelpers } from './helpers.js';

export interface PageRenderer {
  render(page: string, context: Record<string, unknown>, layout?: string): string;
}

function listTemplates(dir: string, base = dir): Array<{ name: string; file: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return listTemplates(file, base);
    if (!entry.name.endsWith('.hbs')) return [];
    return [{ name: path.relative(base, file).replace(/\.hbs$/, '').split(path.sep).join('/'), file }];
  });
}

/** Plugin view slots, rendered by `{{pluginSlot "name" key=value}}` (see server/plugins/view-slots.ts). */
export interface SlotRenderer {
  render(name: string, context: { viewerId: string | null; [key: string]: unknown }): string;
}

export function createRenderer(translator: Translator, root: string = viewsDir, slots?: SlotRenderer): PageRenderer {
  const handlebars = Handlebars.create();
  registerHelpers(handlebars, translator);
  // `{{pluginSlot "post.footer" postId=status.id}}` renders the slot (nothing when no plugin fills it); the
  // block form `{{#pluginSlot "sidebar"}}<aside>{{{@slot}}}</aside>{{/pluginSlot}}` renders its wrapper only
  // when some plugin showed something. The slot's data(context) gets the hash plus the viewer's id.
  handlebars.registerHelper('pluginSlot', function (this: unknown, name: string, options: Handlebars.HelperOptions) {
    const root = (options.data as { root?: { viewer?: { id?: string } } } | undefined)?.root;
    const html = slots?.render(name, { ...(options.hash as Record<string, unknown>), viewerId: root?.viewer?.id ?? null }) ?? '';
    if (typeof options.fn !== 'function') return new Handlebars.SafeString(html);
    if (html === '') return options.inverse(this);
    const data = handlebars.createFrame(options.data ?? {}) as Record<string, unknown>;
    data.slot = new Handlebars.SafeString(html);
    return options.fn(this, { data });
  });
  for (const { name, file } of listTemplates(path.join(root, 'partials'))) {
    handlebars.registerPartial(name, readFileSync(file, 'utf8'));
  }
  const compile = (dir: string) =>
    new Map(
      listTemplates(path.join(root, dir)).map(({ name, file }) => [
        name,
        handlebars.compile(readFileSync(file, 'utf8'), { strict: false }),
      ]),
    );
  const pages = compile('pages');
  const layouts = compile('layouts');
  return {
    render(page, context, layout = 'main') {
      const pageTemplate = pages.get(page);
      if (!pageTemplate) throw new Error(`Unknown page template: ${page}`);
      const body = pageTemplate(context);
      const layoutTemplate = layouts.get(layout);
      if (!layoutTemplate) throw new Error(`Unknown layout: ${layout}`);
      return layoutTemplate({ ...context, body });
    },
  };
}
