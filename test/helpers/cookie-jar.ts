/** A minimal cookie jar for tests that talk to real servers with fetch. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** Takes the Set-Cookie headers of a response. */
  absorb(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  }

  /** A copy with one cookie replaced (e.g. a forged session). */
  with(name: string, value: string): CookieJar {
    const copy = new CookieJar();
    for (const [key, existing] of this.cookies) copy.cookies.set(key, existing);
    copy.cookies.set(name, value);
    return copy;
  }

  /** The Cookie request header. */
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}
