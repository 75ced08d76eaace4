/**
 * Outgoing mail behind one interface, so services never see SMTP (and a
 * different transport, e.g. an HTTP mail API, is one adapter more).
 */

/** One message ready to go: both parts already rendered, addresses already checked. */
export interface MailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Extra headers, e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
}

export interface Mailer {
  /** Hands the message to the relay; rejects when it was not accepted (the caller retries later). */
  send(message: MailMessage): Promise<void>;
  /** Releases pooled connections. */
  close(): void;
}
