import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CheckinTokens } from '#domain/checkin';
import { type SecretValue, type SecretValues, secretOf, secretsOf } from './secret-value.ts';

/**
 * `<id>.<mac>` in lower-case hex: 20 + 1 + 16 characters, so `checkin+<token>@…` stays far under
 * the 64-octet limit of an address's local part and survives servers that lower-case it. No
 * library makes HMAC tokens this short; node:crypto does the cryptography.
 */
export class HmacCheckinTokens implements CheckinTokens {
  /** `previous`: keys being rotated out; tokens they made still verify. */
  constructor(
    private readonly secret: SecretValue,
    private readonly previous: SecretValues = [],
  ) {}

  private mac(id: string, secret = secretOf(this.secret)): string {
    return createHmac('sha256', secret).update(`checkin:${id}`).digest('hex').slice(0, 16);
  }

  issue(): { id: string; token: string } {
    const id = randomBytes(10).toString('hex');
    return { id, token: `${id}.${this.mac(id)}` };
  }

  verify(token: string): string | null {
    const match = /^([0-9a-f]{20})\.([0-9a-f]{16})$/.exec(token.toLowerCase());
    if (!match?.[1] || !match[2]) return null;
    const id = match[1];
    const given = Buffer.from(match[2]);
    const fits = (secret: string) => {
      const expected = Buffer.from(this.mac(id, secret));
      return expected.length === given.length && timingSafeEqual(expected, given);
    };
    return [secretOf(this.secret), ...secretsOf(this.previous)].some(fits) ? id : null;
  }
}
