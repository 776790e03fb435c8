// The seam for signing people in. Today one provider: local accounts with a password. An OIDC
// provider (a city's unified identity platform) would implement the same interface: it verifies the
// external identity, maps it to a user of ours, and the session that follows is the same.

export interface Credentials {
  username: string;
  password: string;
}

/** Where an attempt comes from: the client's address (for the audit trail) and its device cookie, if any. */
export interface SignInContext {
  address: string;
  deviceToken: string | null;
}

export type IdentityResult =
  /** `deviceToken`: a new device cookie to set (absent: the one sent is still good). */
  | { ok: true; userId: string; mustChangePassword: boolean; deviceToken?: string }
  /** Unknown user, wrong password, locked or disabled account: the caller learns nothing more. */
  | { ok: false; reason: 'invalid' }
  /** A demo account (publicly known password) on a server where they may not sign in. */
  | { ok: false; reason: 'demoRefused' };

export interface IdentityProvider {
  /** Stored with each session: which provider vouched for it ('local', later 'oidc:<issuer>'). */
  readonly id: string;
  authenticate(credentials: Credentials, context: SignInContext): Promise<IdentityResult>;
}
