// Local passwords: argon2id (the library's default) with its recommended cost (19 MiB, 2 passes).
import { hash, verify } from '@node-rs/argon2';

export const MIN_PASSWORD_LENGTH = 8;

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password);
}

let decoy: Promise<string> | undefined;
/** Spends the time of a real check when there is no user, so timing does not tell who exists. */
export async function verifyDecoy(password: string): Promise<void> {
  decoy ??= hashPassword('no such user: a decoy hash');
  await verifyPassword(await decoy, password);
}
