/**
 * Mail bodies from Handlebars templates in views/mail/: `<name>.html.hbs`
 * (escaped like every page) and `<name>.text.hbs` (the plain-text part:
 * nothing to escape, so compiled with noEscape); `_name.hbs` files are
 * partials of the HTML part. Compiled once at start, with the pages' helpers
 * (`{{t}}`, `{{date}}`, `{{number}}`) in the mail's language.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { Language } from '../config/schema.js';
import { registerHelpers } from '../http/views/helpers.js';
import type { Translator } from '../i18n/translator.js';
import { viewsDir } from '../paths.js';

export interface MailBody {
  html: string;
  text: string;
}

export interface MailTemplates {
  render(name: string, lang: Language, context: Record<string, unknown>): MailBody;
}

export function createMailTemplates(translator: Translator, root: string = path.join(viewsDir, 'mail')): MailTemplates {
  const escaped = Handlebars.create();
  const plain = Handlebars.create();
  registerHelpers(escaped, translator);
  registerHelpers(plain, translator);
  const templates = new Map<string, HandlebarsTemplateDelegate>();
  const files = readdirSync(root).filter((name) => name.endsWith('.hbs'));
  // `_name.hbs`: a partial of the HTML parts (`{{> name}}`).
  for (const file of files.filter((name) => name.startsWith('_'))) {
    escaped.registerPartial(file.slice(1, -'.hbs'.length), readFileSync(path.join(root, file), 'utf8'));
  }
  for (const file of files.filter((name) => !name.startsWith('_'))) {
    const source = readFileSync(path.join(root, file), 'utf8');
    const name = file.replace(/\.hbs$/, '');
    templates.set(name, name.endsWith('.text') ? plain.compile(source, { noEscape: true, strict: false }) : escaped.compile(source, { strict: false }));
  }
  const template = (name: string) => {
    const found = templates.get(name);
    if (!found) throw new Error(`Unknown mail template: ${name}`);
    return found;
  };
  return {
    render(name, lang, context) {
      const withLanguage = { ...context, lang };
      return { html: template(`${name}.html`)(withLanguage), text: template(`${name}.text`)(withLanguage) };
    },
  };
}
