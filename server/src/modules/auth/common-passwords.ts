// The common and breached passwords a new password is checked against: common-passwords.txt, one a
// line, most frequent first (49,233 entries, from the MIT-licensed @zxcvbn-ts/language-common 4.1.3,
// which derives them from public breach corpora). Read once, on first use.
import { readFileSync } from 'node:fs';

let list: ReadonlySet<string> | undefined;

/** Whether a (lower-cased) password is on the list. */
export function isCommonPassword(password: string): boolean {
  list ??= new Set(readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8').split('\n').filter(Boolean).map((p) => p.toLowerCase()));
  return list.has(password);
}
