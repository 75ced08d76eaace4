/**
 * The SMTP adapter of Mailer (nodemailer). A transport is created once; it
 * connects per message, so a relay that is down at start-up costs nothing
 * until a digest is due, and the next run simply tries again.
 */
import { readFileSync } from 'node:fs';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { ConfigError } from '../config/config-error.js';
import type { WarbleConfig } from '../config/schema.js';
import type { Mailer, MailMessage } from './mailer.js';

export type SmtpSettings = WarbleConfig['smtp'];

/** The From address: the configured one, or "<instance> <noreply@host of publicUrl>". */
export function fromAddress(smtp: SmtpSettings, instanceName: string, publicUrl: string): string {
  if (smtp.from !== '') return smtp.from;
  const host = new URL(publicUrl).hostname;
  return `"${instanceName.replace(/["\\]/g, '')}" <noreply@${host}>`;
}

/** nodemailer's options for our settings: the security mode decides implicit TLS, a required STARTTLS, or neither. */
export function transportOptions(smtp: SmtpSettings): SMTPTransport.Options {
  let ca: string | undefined;
  if (smtp.caFile !== '') {
    try {
      ca = readFileSync(smtp.caFile, 'utf8');
    } catch (error) {
      throw new ConfigError(`smtp.caFile (WARBLE_SMTP_CA_FILE): cannot read ${smtp.caFile}: ${(error as Error).message}`);
    }
  }
  return {
    host: smtp.host,
    port: smtp.port,
    secure: smtp.security === 'tls',
    requireTLS: smtp.security === 'starttls',
    ignoreTLS: smtp.security === 'none',
    auth: smtp.user !== '' ? { user: smtp.user, pass: smtp.password } : undefined,
    tls: { rejectUnauthorized: smtp.tlsVerify, ...(ca ? { ca } : {}) },
    connectionTimeout: smtp.timeoutMs,
    greetingTimeout: smtp.timeoutMs,
    socketTimeout: smtp.timeoutMs,
  };
}

export class SmtpMailer implements Mailer {
  readonly #transport: Transporter<SMTPTransport.SentMessageInfo>;

  constructor(
    smtp: SmtpSettings,
    private readonly from: string,
  ) {
    this.#transport = nodemailer.createTransport(transportOptions(smtp));
  }

  async send(message: MailMessage): Promise<void> {
    const info = await this.#transport.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      headers: message.headers,
    });
    if (info.rejected.length > 0) throw new Error(`the relay refused ${info.rejected.map(String).join(', ')}`);
  }

  close(): void {
    this.#transport.close();
  }
}
