import { describe, expect, it } from 'vitest';
import { JoseLinkSigner } from '#adapters/jose-link-signer';
import { linkUrl } from '#domain/signed-link';
import { integrationDependencies, testSigningSecret } from '../../support/integration.ts';

const now = new Date('2027-03-01T12:00:00Z');
const day = 86_400_000;
const claims = { pairingId: crypto.randomUUID(), party: 'mentee' as const, version: 2 };

describe('short links: opaque tokens whose grants are stored (DynamoDB Local)', () => {
  it('gives a 22-character token, the same for the same claims, and a new one for any other', async () => {
    const { linkSigner } = await integrationDependencies();
    const token = await linkSigner.sign(claims, now);
    expect(token).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await linkSigner.sign(claims, now)).toBe(token);
    const others = await Promise.all(
      [
        { ...claims, party: 'mentor' as const },
        { ...claims, version: 3 },
        { ...claims, meeting: 0 },
        { ...claims, purpose: 'relationship' as const },
        { ...claims, purpose: 'review' as const, round: 1 },
      ].map((c) => linkSigner.sign(c, now)),
    );
    expect(new Set([token, ...others]).size).toBe(6);
    expect(await linkSigner.verify(token, now)).toEqual(claims);
    expect(await linkSigner.verify(others[4]!, now)).toEqual({
      ...claims,
      purpose: 'review',
      round: 1,
    });
    // The longest base an API Gateway URL has, and the longest query an email adds.
    const longest = `${linkUrl('https://abcdefghij.execute-api.ap-southeast-2.amazonaws.com', token)}?a=less-often`;
    expect(longest.length).toBeLessThanOrEqual(100);
  });

  it('refuses a token it never issued, or one issued but never stored; an expired one is expired', async () => {
    const { linkSigner } = await integrationDependencies();
    expect(await linkSigner.verify('A'.repeat(22), now)).toBe('tampered');
    const unsaved = linkSigner.issue({ ...claims, meeting: 7 }, now);
    expect(await linkSigner.verify(unsaved.token, now)).toBe('tampered');
    await linkSigner.save(unsaved);
    expect(await linkSigner.verify(unsaved.token, now)).toMatchObject({ meeting: 7 });
    expect(await linkSigner.verify(unsaved.token, new Date(now.getTime() + 15 * day))).toBe(
      'expired',
    );
  });

  it('lives as long as the latest email that carried it', async () => {
    const { linkSigner } = await integrationDependencies();
    const c = { ...claims, meeting: 3 };
    const token = await linkSigner.sign(c, now);
    await linkSigner.sign(c, new Date(now.getTime() + 10 * day)); // sent again ten days later
    expect(await linkSigner.verify(token, new Date(now.getTime() + 20 * day))).toEqual(c);
  });

  it('still honours a signed link from an email sent before short links', async () => {
    const { linkSigner } = await integrationDependencies();
    const legacy = await new JoseLinkSigner(testSigningSecret).sign(claims, now);
    expect(await linkSigner.verify(legacy, now)).toEqual(claims);
    expect(await linkSigner.verify(`${legacy}x`, now)).toBe('tampered');
  });
});
