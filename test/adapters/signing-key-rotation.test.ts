import { describe, expect, it } from 'vitest';
import { HmacCheckinTokens } from '#adapters/hmac-checkin-tokens';
import { JoseLinkSigner } from '#adapters/jose-link-signer';
import { parseSigningSecret } from '#runtime/secrets';

const oldKey = 'old-key-0123456789abcdef0123456789abcdef';
const newKey = 'new-key-0123456789abcdef0123456789abcdef';
const now = new Date('2027-03-01T12:00:00Z');
const claims = { pairingId: 'p1', party: 'mentee' as const, version: 1 };

describe('rotating the link-signing secret', () => {
  it('reads a plain key or {current, previous}; refuses anything else', () => {
    expect(parseSigningSecret(oldKey)).toEqual({ signingSecret: oldKey });
    expect(parseSigningSecret(JSON.stringify({ current: newKey, previous: [oldKey] }))).toEqual({
      signingSecret: newKey,
      previousSigningSecrets: [oldKey],
    });
    expect(() => parseSigningSecret('{"current": "short"}')).toThrow(/at least 32 characters/);
    expect(() => parseSigningSecret('{not json')).toThrow(/not valid JSON/);
  });

  it('keeps links and reply addresses made with the old key working, and signs new ones with the new key', async () => {
    const before = new JoseLinkSigner(oldKey);
    const oldLink = await before.sign(claims, now);
    const oldToken = new HmacCheckinTokens(oldKey).issue();

    const { signingSecret, previousSigningSecrets } = parseSigningSecret(
      JSON.stringify({ current: newKey, previous: [oldKey] }),
    );
    const during = new JoseLinkSigner(signingSecret, previousSigningSecrets);
    expect(await during.verify(oldLink, now)).toMatchObject(claims);
    expect(
      new HmacCheckinTokens(signingSecret, previousSigningSecrets).verify(oldToken.token),
    ).toBe(oldToken.id);
    const newLink = await during.sign(claims, now);
    expect(await new JoseLinkSigner(newKey).verify(newLink, now)).toMatchObject(claims);
    expect(await before.verify(newLink, now)).toBe('tampered'); // signed with the new key

    // Once the old key is dropped, its links stop working; an expired one stays expired.
    expect(await new JoseLinkSigner(newKey).verify(oldLink, now)).toBe('tampered');
    expect(new HmacCheckinTokens(newKey).verify(oldToken.token)).toBeNull();
    const later = new Date(now.getTime() + 30 * 86_400_000);
    expect(await during.verify(oldLink, later)).toBe('expired');
  });
});
