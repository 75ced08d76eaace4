/** A server address from the configuration, safe to print: `scheme://user@host:port/path`, never the password. */
export function printableUrl(url: string): string {
  try {
    const address = new URL(url);
    address.password = '';
    address.search = '';
    return address.toString();
  } catch {
    return '(an unparsable address)';
  }
}
