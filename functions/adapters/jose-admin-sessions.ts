import { jwtVerify, SignJWT } from 'jose';

const audience = 'tandem-admin';
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

  issue(now: Date): Promise<string> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    return new SignJWT({})
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
}
