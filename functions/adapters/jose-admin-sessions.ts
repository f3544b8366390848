import { jwtVerify, SignJWT } from 'jose';

const audience = 'tandem-admin';
const loginAudience = 'tandem-admin-login';
export const adminSessionHours = 8;

/**
 * The administrators' browser session after signing in with the admin key: a short-lived HS256
 * token in an HttpOnly, SameSite=Strict cookie (jose does the signing and the expiry check).
 */
export class JoseAdminSessions {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(`admin:${secret}`);
  }

  /** `subject`: the administrator's address when an identity provider said who it is. */
  issue(now: Date, subject?: string): Promise<string> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    return new SignJWT(subject ? { sub: subject } : {})
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience(audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + adminSessionHours * 3600)
      .sign(this.key);
  }

  async verify(token: string, now: Date): Promise<boolean> {
    try {
      await jwtVerify(token, this.key, { algorithms: ['HS256'], audience, currentDate: now });
      return true;
    } catch {
      return false;
    }
  }

  /** The state and PKCE verifier of a sign-in under way, for 10 minutes. */
  issueLogin(login: { state: string; verifier: string }, now: Date): Promise<string> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    return new SignJWT({ s: login.state, v: login.verifier })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience(loginAudience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + 600)
      .sign(this.key);
  }

  async verifyLogin(token: string, now: Date): Promise<{ state: string; verifier: string } | null> {
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
