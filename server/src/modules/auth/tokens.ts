// Session and device tokens are random; only their sha-256 is stored, so a copy of the tables signs no one in.
import { createHash } from 'node:crypto';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
