/**
 * Translations with i18next; catalogues live in views/locales/<lang>.json so
 * translators edit them beside the templates. A feature may keep its strings in
 * its own file, views/locales/<lang>/<feature>.json, merged over the main one,
 * so that features built side by side never edit the same catalogue lines.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import i18next, { type TFunction } from 'i18next';
import { supportedLanguages, type Language } from '../config/schema.js';
import { viewsDir } from '../paths.js';

export type Translate = (key: string, params?: Record<string, unknown>) => string;

export interface Translator {
  languages: readonly Language[];
  forLanguage(lang: Language): Translate;
  /** Every key of one catalogue, dotted; used by the completeness test. */
  keys(lang: Language): string[];
}

type Catalogue = { [key: string]: string | Catalogue };

function flattenKeys(catalogue: Catalogue, prefix = ''): string[] {
  return Object.entries(catalogue).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : flattenKeys(value, `${prefix}${key}.`),
  );
}

const readCatalogue = (file: string): Catalogue => JSON.parse(readFileSync(file, 'utf8')) as Catalogue;

/** Merges `extra` into `into`; a key defined twice is a mistake in the catalogues, reported with its file. */
export function mergeCatalogue(into: Catalogue, extra: Catalogue, file: string, prefix = ''): void {
  for (const [key, value] of Object.entries(extra)) {
    const existing = into[key];
    if (existing === undefined) into[key] = value;
    else if (typeof existing !== 'string' && typeof value !== 'string') mergeCatalogue(existing, value, file, `${prefix}${key}.`);
    else throw new Error(`${file}: translation key ${prefix}${key} is already defined`);
  }
}

export function loadCatalogue(lang: Language): Catalogue {
  const dir = path.join(viewsDir, 'locales');
  const catalogue = readCatalogue(path.join(dir, `${lang}.json`));
  const featureDir = path.join(dir, lang);
  if (existsSync(featureDir)) {
    for (const name of readdirSync(featureDir).filter((n) => n.endsWith('.json')).sort()) {
      const file = path.join(featureDir, name);
      mergeCatalogue(catalogue, readCatalogue(file), file);
    }
  }
  return catalogue;
}

export async function createTranslator(): Promise<Translator> {
  const catalogues = Object.fromEntries(supportedLanguages.map((lang) => [lang, loadCatalogue(lang)])) as Record<
    Language,
    Catalogue
  >;
  const instance = i18next.createInstance();
  await instance.init({
    resources: Object.fromEntries(supportedLanguages.map((lang) => [lang, { translation: catalogues[lang] }])),
    fallbackLng: 'en',
    supportedLngs: [...supportedLanguages],
    // Handlebars escapes what helpers return; escaping twice would show &amp;.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const fixed = new Map<Language, TFunction>(supportedLanguages.map((lang) => [lang, instance.getFixedT(lang)]));
  return {
    languages: supportedLanguages,
    forLanguage(lang) {
      const t = fixed.get(lang) ?? instance.getFixedT('en');
      return (key, params) => String(t(key, params ?? {}));
    },
    keys: (lang) => flattenKeys(catalogues[lang]),
  };
}
