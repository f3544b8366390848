import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CheckinTokens } from '#domain/checkin';

/**
 * `<id>.<mac>` in lower-case hex: 20 + 1 + 16 characters, so `checkin+<token>@…` stays far under
 * the 64-octet limit of an address's local part and survives servers that lower-case it. No
 * library makes HMAC tokens this short; node:crypto does the cryptography.
 */
export class HmacCheckinTokens implements CheckinTokens {
  constructor(private readonly secret: string) {}

  private mac(id: string): string {
    return createHmac('sha256', this.secret).update(`checkin:${id}`).digest('hex').slice(0, 16);
  }

  issue(): { id: string; token: string } {
    const id = randomBytes(10).toString('hex');
    return { id, token: `${id}.${this.mac(id)}` };
  }

  verify(token: string): string | null {
    const match = /^([0-9a-f]{20})\.([0-9a-f]{16})$/.exec(token.toLowerCase());
    if (!match?.[1] || !match[2]) return null;
    const expected = Buffer.from(this.mac(match[1]));
    const given = Buffer.from(match[2]);
    return expected.length === given.length && timingSafeEqual(expected, given) ? match[1] : null;
  }
}
