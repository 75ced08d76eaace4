/** Picks the page language: the person's setting, else the browser's Accept-Language, else the instance default. */
import type { Language } from '../../config/schema.js';
import type { Translator } from '../../i18n/translator.js';
import type { AppMiddleware } from '../context.js';

export function locale(translator: Translator, defaultLanguage: Language | (() => Language)): AppMiddleware {
  const fallback = typeof defaultLanguage === 'function' ? defaultLanguage : () => defaultLanguage;
  return async (ctx, next) => {
    const preferred = ctx.state.user?.locale;
    const fromBrowser = ctx.acceptsLanguages([...translator.languages]);
    const lang = (translator.languages as readonly string[]).includes(preferred ?? '')
      ? (preferred as Language)
      : ctx.get('accept-language') && typeof fromBrowser === 'string'
        ? (fromBrowser as Language)
        : fallback();
    ctx.state.lang = lang;
    ctx.state.t = translator.forLanguage(lang);
    await next();
  };
}
