/**
 * Turns one person's digest into a mail: subject, HTML and text parts in
 * their language, absolute links, and the one-click unsubscribe of RFC 8058
 * (`List-Unsubscribe` with an HTTPS URL plus `List-Unsubscribe-Post`), so
 * mail clients offer "unsubscribe" and POST to it without opening a page.
 */
import { supportedLanguages, type Language } from '../../config/schema.js';
import type { Translator } from '../../i18n/translator.js';
import type { MailMessage } from '../../mail/mailer.js';
import type { MailTemplates } from '../../mail/mail-templates.js';
import type { DigestContent } from './digest-content.js';
import { unsubscribeToken } from './unsubscribe-token.js';

export interface DigestRecipient {
  id: string;
  displayName: string;
  email: string;
  locale: string | null;
  /** Dates in the mail in this zone (the person's setting); the server's when null. */
  timeZone: string | null;
}

export interface DigestMailSettings {
  baseUrl: string;
  instanceName: string;
  defaultLanguage: Language;
  sessionSecret: string;
}

/** The person's chosen language when Warble speaks it, else the instance's. */
export function languageOf(locale: string | null, fallback: Language): Language {
  const base = (locale ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return (supportedLanguages as readonly string[]).includes(base) ? (base as Language) : fallback;
}

export function unsubscribeUrl(baseUrl: string, secret: string, userId: string): string {
  return `${baseUrl}/digest/unsubscribe?token=${encodeURIComponent(unsubscribeToken(secret, userId))}`;
}

export class DigestMailComposer {
  constructor(
    private readonly templates: MailTemplates,
    private readonly translator: Translator,
  ) {}

  compose(recipient: DigestRecipient, frequency: 'daily' | 'weekly', content: DigestContent, settings: DigestMailSettings): MailMessage {
    const lang = languageOf(recipient.locale, settings.defaultLanguage);
    const t = this.translator.forLanguage(lang);
    const count = content.mentions.length + content.messages.length + content.announcements.length + content.popular.length;
    const unsubscribe = unsubscribeUrl(settings.baseUrl, settings.sessionSecret, recipient.id);
    const body = this.templates.render('digest', lang, {
      timeZone: recipient.timeZone ?? undefined,
      instanceName: settings.instanceName,
      name: recipient.displayName,
      frequency,
      count,
      mentions: content.mentions,
      messages: content.messages,
      announcements: content.announcements,
      popular: content.popular,
      homeUrl: `${settings.baseUrl}/`,
      notificationsUrl: `${settings.baseUrl}/notifications`,
      messagesUrl: `${settings.baseUrl}/messages`,
      settingsUrl: `${settings.baseUrl}/settings`,
      unsubscribeUrl: unsubscribe,
    });
    return {
      to: recipient.email,
      subject: t(`digest.subject.${frequency}`, { count, instance: settings.instanceName }),
      html: body.html,
      text: body.text,
      headers: {
        'List-Unsubscribe': `<${unsubscribe}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        // Tells mail servers not to answer it with vacation replies (RFC 3834).
        'Auto-Submitted': 'auto-generated',
      },
    };
  }
}
