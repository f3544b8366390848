import { type LinkClaims, type LinkProblem, linkLifetimeDays } from '#domain/signed-link';
import { type SecretValue, type SecretValues, secretOf, secretsOf } from './secret-value.ts';

const audience = 'tandem-link';

// Only links from before short links are verified with it: jose loads at the first such link,
// not at every function's start (a chunk of its own in the bundles).
const joseLibrary = () => import('jose');

/**
 * The links of emails sent before short links (issue 15): they stay valid until they expire, so
 * `DynamoLinkStore` verifies them with this. New emails carry short stored tokens instead.
 *
 * Signed links as compact JWTs (HS256) made and checked by `jose`: expiry, signature and
 * algorithm checks come from a well-kept library instead of hand-written HMAC code. The token
 * carries only ids and a version, nothing personal.
 */
export class JoseLinkSigner {
  private keys: { current: Uint8Array; previous: Uint8Array[] } | undefined;

  /** `previous`: keys being rotated out; links they signed keep working until they expire. */
  constructor(
    private readonly secret: SecretValue,
    private readonly previous: SecretValues = [],
  ) {
    if (typeof secret === 'string' && typeof previous !== 'function') this.keyBytes();
  }

  /** The keys as bytes, checked once (at construction when given, else at first use). */
  private keyBytes() {
    if (!this.keys) {
      const current = secretOf(this.secret);
      const previous = secretsOf(this.previous);
      for (const s of [current, ...previous])
        if (s.length < 32)
          throw new Error('the link-signing secret must be at least 32 characters');
      const bytes = (s: string) => new TextEncoder().encode(s);
      this.keys = { current: bytes(current), previous: previous.map(bytes) };
    }
    return this.keys;
  }

  async sign(claims: LinkClaims, now: Date, lifetimeDays = linkLifetimeDays): Promise<string> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const { SignJWT } = await joseLibrary();
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
      .sign(this.keyBytes().current);
  }

  async verify(token: string, now: Date): Promise<LinkClaims | LinkProblem> {
    const { errors } = await joseLibrary();
    try {
      const { payload } = await this.verifyWithAnyKey(token, now);
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

  /** The current key first; a bad signature is tried with each previous key. */
  private async verifyWithAnyKey(token: string, now: Date) {
    const { errors, jwtVerify } = await joseLibrary();
    const options = { algorithms: ['HS256'], audience, currentDate: now };
    try {
      return await jwtVerify(token, this.keyBytes().current, options);
    } catch (error) {
      if (!(error instanceof errors.JWSSignatureVerificationFailed)) throw error;
      for (const key of this.keyBytes().previous) {
        try {
          return await jwtVerify(token, key, options);
        } catch (previousError) {
          if (!(previousError instanceof errors.JWSSignatureVerificationFailed))
            throw previousError;
        }
      }
      throw error;
    }
  }
}
