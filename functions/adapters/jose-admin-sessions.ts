import { createHmac, randomUUID } from 'node:crypto';
import { type AdminSession, type AdminSessions, adminSessionHours } from '#domain/admin-access';
import { type SecretValue, secretOf } from './secret-value.ts';

const audience = 'tandem-admin';
const loginAudience = 'tandem-admin-login';

// jose loads with the admin area's first request, not at the HTTP function's start.
const joseLibrary = () => import('jose');

/**
 * The administrators' browser session after signing in with the admin key: a short-lived HS256
 * token in an HttpOnly, SameSite=Strict cookie (jose does the signing and the expiry check).
 */
export class JoseAdminSessions implements AdminSessions {
  private encoded: Uint8Array | undefined;

  /** `secret`: the key, or a function answering it once fetched (read at the first session). */
  constructor(private readonly secret: SecretValue) {}

  private get key(): Uint8Array {
    this.encoded ??= new TextEncoder().encode(`admin:${secretOf(this.secret)}`);
    return this.encoded;
  }

  /**
   * `subject`: the administrator's address when an identity provider said who it is. Each
   * session has its own id (`jti`), so signing out can revoke exactly that session.
   */
  async issue(now: Date, subject?: string): Promise<string> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const { SignJWT } = await joseLibrary();
    return new SignJWT(subject ? { sub: subject } : {})
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience(audience)
      .setJti(randomUUID())
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + adminSessionHours * 3600)
      .sign(this.key);
  }

  /**
   * The session a valid, unexpired token stands for: its id, when it expires, and its CSRF
   * token — an HMAC of the session id, so every form of that session carries the same value
   * and no other session's (or a forger's) can pass.
   */
  async verify(token: string, now: Date): Promise<AdminSession | null> {
    const { jwtVerify } = await joseLibrary();
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        audience,
        currentDate: now,
      });
      if (typeof payload.jti !== 'string' || typeof payload.exp !== 'number') return null;
      return {
        id: payload.jti,
        expiresAt: new Date(payload.exp * 1000),
        csrf: createHmac('sha256', this.key).update(`csrf:${payload.jti}`).digest('base64url'),
      };
    } catch {
      return null;
    }
  }

  /** The state and PKCE verifier of a sign-in under way, for 10 minutes. */
  async issueLogin(login: { state: string; verifier: string }, now: Date): Promise<string> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const { SignJWT } = await joseLibrary();
    return new SignJWT({ s: login.state, v: login.verifier })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience(loginAudience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + 600)
      .sign(this.key);
  }

  async verifyLogin(token: string, now: Date): Promise<{ state: string; verifier: string } | null> {
    const { jwtVerify } = await joseLibrary();
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        audience: loginAudience,
        currentDate: now,
      });
      return typeof payload.s === 'string' && typeof payload.v === 'string'
        ? { state: payload.s, verifier: payload.v }
        : null;
    } catch {
      return null;
    }
  }
}
