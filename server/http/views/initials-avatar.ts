/**
 * The placeholder shown for people without a photo: their initials on a
 * colour derived from their id, as a tiny SVG (no image library, same look on
 * every node, and every person keeps the same colour).
 */
import { createHash } from 'node:crypto';

const PALETTE = ['#1f6feb', '#8250df', '#bf3989', '#cf222e', '#bc4c00', '#4d2d00', '#1a7f37', '#0969da', '#6e7781'];

/** "Zoë Ångström" -> "ZÅ"; one letter for a one-word name; "?" when there is nothing to show. */
export function initialsOf(displayName: string): string {
  const words = displayName.trim().split(/\s+/).filter((word) => /\p{L}|\p{N}/u.test(word));
  const first = words[0];
  if (!first) return '?';
  const letter = (word: string) => ([...word].find((char) => /\p{L}|\p{N}/u.test(char)) ?? '').toLocaleUpperCase();
  const last = words.length > 1 ? words[words.length - 1]! : '';
  return letter(first) + (last ? letter(last) : '');
}

const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[char]!);

/** A square SVG with the person's initials. */
export function initialsSvg(seed: string, displayName: string): string {
  const digest = createHash('sha256').update(seed).digest();
  const colour = PALETTE[digest[0]! % PALETTE.length]!;
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128" role="img">' +
    `<rect width="128" height="128" fill="${colour}"/>` +
    '<text x="64" y="64" dy=".35em" text-anchor="middle" font-family="system-ui, sans-serif" font-size="52" fill="#ffffff">' +
    `${escapeXml(initialsOf(displayName))}</text></svg>`
  );
}
