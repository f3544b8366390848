import { errors, jwtVerify, SignJWT } from 'jose';
import {
  type LinkClaims,
  type LinkProblem,
  type LinkSigner,
  linkLifetimeDays,
} from '#domain/signed-link';

const audience = 'tandem-link';

/**
 * Signed links as compact JWTs (HS256) made and checked by `jose`: expiry, signature and
 * algorithm checks come from a well-kept library instead of hand-written HMAC code. The token
 * carries only ids and a version, nothing personal.
 */
export class JoseLinkSigner implements LinkSigner {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    if (secret.length < 32)
      throw new Error('the link-signing secret must be at least 32 characters');
    this.key = new TextEncoder().encode(secret);
  }

  async sign(claims: LinkClaims, now: Date, lifetimeDays = linkLifetimeDays): Promise<string> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    return new SignJWT({
      r: claims.party,
      v: claims.version,
      ...(claims.meeting === undefined ? {} : { m: claims.meeting }),
      ...(claims.purpose === undefined ? {} : { p: claims.purpose }),
      ...(claims.round === undefined ? {} : { n: claims.round }),
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims.pairingId)
      .setAudience(audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + lifetimeDays * 86_400)
      .sign(this.key);
  }

  async verify(token: string, now: Date): Promise<LinkClaims | LinkProblem> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        audience,
        currentDate: now,
      });
      const party = payload.r;
      const version = payload.v;
      const meeting = payload.m;
      const purpose = payload.p;
      const round = payload.n;
      if (
        (party !== 'mentor' && party !== 'mentee') ||
        typeof version !== 'number' ||
        !payload.sub ||
        (meeting !== undefined && typeof meeting !== 'number') ||
        (purpose !== undefined && purpose !== 'relationship' && purpose !== 'review') ||
        (round !== undefined && typeof round !== 'number')
      ) {
        return 'tampered';
      }
      return {
        pairingId: payload.sub,
        party,
        version,
        ...(meeting === undefined ? {} : { meeting }),
        ...(purpose === undefined ? {} : { purpose }),
        ...(round === undefined ? {} : { round }),
      };
    } catch (error) {
      return error instanceof errors.JWTExpired ? 'expired' : 'tampered';
    }
  }
}
