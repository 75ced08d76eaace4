/** Handlebars helpers every template may use. */
import type Handlebars from 'handlebars';
import type { Language } from '../../config/schema.js';
import type { Translator } from '../../i18n/translator.js';

type HelperOptions = Handlebars.HelperOptions;

function languageOf(options: HelperOptions): Language {
  const root = options.data?.root as { lang?: Language } | undefined;
  return root?.lang ?? 'en';
}

export function registerHelpers(handlebars: typeof Handlebars, translator: Translator): void {
  /** `{{t "key" name=value}}`: the page's language comes from the render context. */
  handlebars.registerHelper('t', (key: string, options: HelperOptions) =>
    translator.forLanguage(languageOf(options))(key, options.hash as Record<string, unknown>),
  );
  handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  /** `(concat "a." b)`: builds a translation key from parts. */
  handlebars.registerHelper('concat', (...parts: unknown[]) => parts.slice(0, -1).map(String).join(''));
  /** `{{date value}}`: a date in the page's language. */
  handlebars.registerHelper('date', (value: Date | string | null | undefined, options: HelperOptions) => {
    if (!value) return '';
    const date = value instanceof Date ? value : new Date(value);
    return new Intl.DateTimeFormat(languageOf(options), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  });
}
