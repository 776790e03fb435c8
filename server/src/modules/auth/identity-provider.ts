// The seam for signing people in. Today one provider: local accounts with a password. An OIDC
// provider (a city's unified identity platform) would implement the same interface: it verifies the
// external identity, maps it to a user of ours, and the session that follows is the same.

export interface Credentials {
  username: string;
  password: string;
}

export type IdentityResult =
  | { ok: true; userId: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; lockedUntil: Date };

export interface IdentityProvider {
  /** Stored with each session: which provider vouched for it ('local', later 'oidc:<issuer>'). */
  readonly id: string;
  authenticate(credentials: Credentials): Promise<IdentityResult>;
}
