// A person's account as the account administration page sees it (server/src/modules/accounts).
import { type Static, Type } from 'typebox';
import { Nullable, StrictObject, Timestamp, UnitRefBody } from './schemas';

export const AccountBody = StrictObject({
  username: Type.String(),
  displayName: Type.String(),
  unit: UnitRefBody,
  roles: Type.Array(Type.String()),
  disabled: Type.Boolean(),
  lockedUntil: Nullable(Timestamp),
  mustChangePassword: Type.Boolean(),
  passwordChangedAt: Timestamp,
  demo: Type.Boolean({ description: 'a demo account: its password is published' }),
  activeSessions: Type.Integer(),
});
export type Account = Static<typeof AccountBody>;
