/**
 * Translations with i18next; catalogues live in views/locales/<lang>.json so
 * translators edit them beside the templates.
 */
import { readFileSync } from 'node:fs';
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

export function loadCatalogue(lang: Language): Catalogue {
  return JSON.parse(readFileSync(path.join(viewsDir, 'locales', `${lang}.json`), 'utf8')) as Catalogue;
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
