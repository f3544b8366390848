/** How long an administrator's session lasts after signing in. */
export const adminSessionHours = 8;

/** Failed key sign-ins are counted per source address in windows of this length… */
export const signInWindowMinutes = 15;

/** …and after this many from one address (or `maxFailedSignInsOverall` from all) it is closed. */
export const maxFailedSignIns = 5;
export const maxFailedSignInsOverall = 50;

/** An administrator's signed-in session, as the admin pages see it. */
export interface AdminSession {
  id: string;
  expiresAt: Date;
  /** The token every state-changing form of this session must carry. */
  csrf: string;
}

/** Port: issues and checks administrators' session tokens (and the sign-in under way). */
export interface AdminSessions {
  issue(now: Date, subject?: string): Promise<string>;
  verify(token: string, now: Date): Promise<AdminSession | null>;
  issueLogin(login: { state: string; verifier: string }, now: Date): Promise<string>;
  verifyLogin(token: string, now: Date): Promise<{ state: string; verifier: string } | null>;
}

/** Port: signed-out sessions and failed sign-ins, shared by every instance. */
export interface AdminAccessRecords {
  revoke(sessionId: string, until: Date): Promise<void>;
  isRevoked(sessionId: string): Promise<boolean>;
  failedSignIns(source: string, now: Date): Promise<number>;
  recordFailedSignIn(source: string, now: Date): Promise<void>;
}

/** A sign-in under way: where to send the browser, and the state and PKCE verifier to check. */
export interface AdminSignInStart {
  url: string;
  state: string;
  verifier: string;
}

/** Who signed in, as the identity provider vouches for it. */
export interface SignedInAdministrator {
  email: string;
}

/** Port: the administrators' identity provider (Cognito in AWS): authorization code with PKCE. */
export interface AdminIdentityProvider {
  start(callbackUrl: string): Promise<AdminSignInStart>;
  finish(
    callback: URL,
    login: Pick<AdminSignInStart, 'state' | 'verifier'>,
  ): Promise<SignedInAdministrator>;
}
