/**
 * The identity provider's metadata, from a file (read once) or a URL
 * (fetched again after the refresh period, so a rolled-over signing
 * certificate is picked up without a restart). A failed refresh keeps the
 * metadata already known; with none known, sign-in is unavailable until a
 * fetch succeeds.
 */
import { readFile } from 'node:fs/promises';
import type { Logger } from '../../logging/logger.js';
import { IdpMetadataError, parseIdpMetadata, type IdpMetadata } from './idp-metadata.js';
import type { SamlSettings } from './saml-settings.js';

const FETCH_TIMEOUT_MS = 10_000;
/** After a signature that did not verify, URL metadata is read again, but not more often than this. */
const REREAD_AFTER_BAD_SIGNATURE_MS = 60_000;
const LARGEST_METADATA_BYTES = 5 * 1024 * 1024;

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'application/samlmetadata+xml, application/xml, text/xml' } });
  if (!response.ok) throw new IdpMetadataError(`HTTP ${response.status} from ${url}`);
  const text = await response.text();
  if (text.length > LARGEST_METADATA_BYTES) throw new IdpMetadataError(`more than ${LARGEST_METADATA_BYTES} bytes from ${url}`);
  return text;
}

export class IdpMetadataSource {
  private known: IdpMetadata | null = null;
  private loadedAt = 0;
  private loading: Promise<IdpMetadata> | null = null;

  constructor(
    private readonly source: SamlSettings['metadata'],
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** The config key the metadata comes from, for messages. */
  get key(): string {
    return this.source.url !== '' ? 'auth.saml.idpMetadataUrl' : 'auth.saml.idpMetadataFile';
  }

  /** Reads the metadata now; a problem is thrown with the config key in its message. */
  async load(): Promise<IdpMetadata> {
    try {
      const xml = this.source.url !== '' ? await fetchText(this.source.url) : await readFile(this.source.file, 'utf8');
      this.known = parseIdpMetadata(xml);
      this.loadedAt = this.now();
      return this.known;
    } catch (error) {
      const reason = error instanceof IdpMetadataError ? error.message : (error as NodeJS.ErrnoException).code ?? String(error);
      throw new IdpMetadataError(`${this.key}: ${reason}`);
    }
  }

  /**
   * A signature did not verify with the known certificates: the IdP may have
   * rolled its signing key, so URL metadata is read again on the next sign-in
   * (at most once a minute, however many bad signatures arrive).
   */
  signatureFailed(): void {
    if (this.source.url !== '' && this.now() - this.loadedAt >= REREAD_AFTER_BAD_SIGNATURE_MS) this.loadedAt = 0;
  }

  /** The metadata to use for this sign-in: cached, refreshed (URL only) once stale. */
  async current(): Promise<IdpMetadata> {
    const stale = this.source.url !== '' && this.now() - this.loadedAt >= this.source.refreshMs;
    if (this.known && !stale) return this.known;
    // One load at a time, however many people sign in at once.
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    try {
      return await this.loading;
    } catch (error) {
      if (!this.known) throw error;
      this.logger.warn({ err: error }, 'SAML IdP metadata refresh failed; keeping the metadata already known');
      this.loadedAt = this.now();
      return this.known;
    }
  }
}
