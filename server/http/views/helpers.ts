/** Handlebars helpers every template may use. */
import type Handlebars from 'handlebars';
import type { Language } from '../../config/schema.js';
import type { Translator } from '../../i18n/translator.js';
import { formatNumber, fullDate, mediumDateTime, relativeTime, type TimeZone } from './formatting.js';

type HelperOptions = Handlebars.HelperOptions;

function languageOf(options: HelperOptions): Language {
  const root = options.data?.root as { lang?: Language } | undefined;
  return root?.lang ?? 'en';
}

/** The reader's time zone, when the render context names one (their setting); else the server's. */
function timeZoneOf(options: HelperOptions): TimeZone {
  const root = options.data?.root as { timeZone?: unknown } | undefined;
  return typeof root?.timeZone === 'string' && root.timeZone !== '' ? root.timeZone : undefined;
}

const toDate = (value: Date | string) => (value instanceof Date ? value : new Date(value));

export function registerHelpers(handlebars: typeof Handlebars, translator: Translator): void {
  /** `{{t "key" name=value}}`: the page's language comes from the render context. */
  handlebars.registerHelper('t', (key: string, options: HelperOptions) =>
    translator.forLanguage(languageOf(options))(key, options.hash as Record<string, unknown>),
  );
  handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  handlebars.registerHelper('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
  handlebars.registerHelper('not', (value: unknown) => !value);
  /** `(concat "a." b)`: builds a translation key from parts. */
  handlebars.registerHelper('concat', (...parts: unknown[]) => parts.slice(0, -1).map(String).join(''));
  /** `{{date value}}`: a date in the page's language. */
  handlebars.registerHelper('date', (value: Date | string | null | undefined, options: HelperOptions) => {
    if (!value) return '';
    return mediumDateTime(toDate(value), languageOf(options), timeZoneOf(options));
  });
  /** `{{number n}}`: 1,234 / 1 234 as the language writes it. */
  handlebars.registerHelper('number', (value: unknown, options: HelperOptions) =>
    typeof value === 'number' ? formatNumber(value, languageOf(options)) : '',
  );
  /**
   * `{{time iso}}`: `<time datetime>` with a relative time ("il y a 3 min")
   * and the full date as its title. live.js refreshes the text from datetime.
   */
  handlebars.registerHelper('time', (value: Date | string | null | undefined, options: HelperOptions) => {
    if (!value) return '';
    const date = toDate(value);
    const lang = languageOf(options);
    const escape = handlebars.Utils.escapeExpression;
    return new handlebars.SafeString(
      `<time datetime="${escape(date.toISOString())}" title="${escape(fullDate(date, lang, timeZoneOf(options)))}">${escape(relativeTime(date, lang, Date.now(), timeZoneOf(options)))}</time>`,
    );
  });
}
