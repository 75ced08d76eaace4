/**
 * A real SMTP server for tests (smtp-server) on a free loopback port: it
 * accepts every message, parses it with mailparser and keeps it, so tests
 * read what a mail client would. `stop()` then `start()` again on the same
 * port plays a relay that is down and comes back.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './warble-process.js';

export interface ReceivedMail {
  /** The SMTP envelope (what the relay was asked to deliver, whatever the headers say). */
  envelope: { from: string; to: string[] };
  parsed: ParsedMail;
  raw: string;
}

export class SmtpReceiver {
  readonly received: ReceivedMail[] = [];
  #server: SMTPServer | null = null;

  private constructor(readonly port: number) {}

  /** Starts a receiver on a free loopback port. */
  static async start(): Promise<SmtpReceiver> {
    const receiver = new SmtpReceiver(await freePort());
    await receiver.start();
    return receiver;
  }

  /** WARBLE_* settings that point Warble at this receiver (plain SMTP on loopback). */
  env(): Record<string, string> {
    return { WARBLE_SMTP_HOST: '127.0.0.1', WARBLE_SMTP_PORT: String(this.port), WARBLE_SMTP_SECURITY: 'none', WARBLE_SMTP_TIMEOUT_MS: '5000' };
  }

  /** (Re)starts listening on this receiver's port. */
  async start(): Promise<void> {
    if (this.#server) return;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw)
            .then((parsed) => {
              const from = session.envelope.mailFrom;
              this.received.push({
                envelope: { from: from ? from.address : '', to: session.envelope.rcptTo.map((rcpt) => rcpt.address) },
                parsed,
                raw,
              });
              callback();
            })
            .catch((error: unknown) => callback(error as Error));
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.#server = server;
  }

  /** Stops listening: connections are refused until start() is called again. */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Mails whose envelope was addressed to `address`. */
  to(address: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.envelope.to.includes(address));
  }

  clear(): void {
    this.received.length = 0;
  }
}
