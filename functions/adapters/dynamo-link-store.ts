import { createHash, createHmac } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  type IssuedLink,
  type LinkClaims,
  type LinkProblem,
  type LinkSigner,
  linkLifetimeDays,
  linkPurposes,
} from '#domain/signed-link';
import { storageWrite, transactItem } from './dynamo-storage-write.ts';
import type { JoseLinkSigner } from './jose-link-signer.ts';
import { type SecretValue, secretOf } from './secret-value.ts';

/** 16 bytes of HMAC-SHA256 in base64url: 128 bits nobody can guess, 22 characters. */
const shortToken = /^[A-Za-z0-9_-]{22}$/;

/** The claims in a fixed order, with every optional part marked, so equal claims hash equally. */
const canonical = (c: LinkClaims) =>
  [c.pairingId, c.party, c.version, c.meeting ?? '-', c.purpose ?? '-', c.round ?? '-'].join('\n');

/**
 * Short links: the token is an HMAC of the claims (so the same claims give the same token, and
 * re-sending an email re-stores the same grant), and the grant is a `LINK#<token>` item with the
 * claims and its expiry; DynamoDB's TTL removes it 30 days after that. Tokens from before short
 * links are JWTs and go to `legacy` until they expire. No library makes opaque stored tokens;
 * node:crypto does the cryptography.
 */
export class DynamoLinkStore implements LinkSigner {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly secret: SecretValue,
    private readonly legacy: Pick<JoseLinkSigner, 'verify'>,
  ) {}

  issue(claims: LinkClaims, now: Date, lifetimeDays = linkLifetimeDays): IssuedLink {
    const token = createHmac('sha256', secretOf(this.secret))
      .update(`link:${canonical(claims)}`)
      .digest()
      .subarray(0, 16)
      .toString('base64url');
    const validUntil = now.getTime() + lifetimeDays * 86_400_000;
    const item = {
      pk: `LINK#${token}`,
      sk: 'LINK',
      ...claims,
      validUntil: new Date(validUntil).toISOString(),
      expiresAt: Math.floor(validUntil / 1000) + 30 * 86_400,
    };
    return {
      token,
      fingerprint: createHash('sha256')
        .update(token)
        .digest()
        .subarray(0, 12)
        .toString('base64url'),
      validUntil: new Date(validUntil),
      write: storageWrite({ Put: { TableName: this.tableName, Item: item } }),
    };
  }

  async save(link: IssuedLink): Promise<void> {
    const { Put } = transactItem(link.write);
    if (!Put) throw new Error('a link write is a Put');
    await this.client.send(new PutCommand(Put));
  }

  async sign(claims: LinkClaims, now: Date, lifetimeDays?: number): Promise<string> {
    const link = this.issue(claims, now, lifetimeDays);
    await this.save(link);
    return link.token;
  }

  async verify(token: string, now: Date): Promise<LinkClaims | LinkProblem> {
    if (!shortToken.test(token)) return this.legacy.verify(token, now);
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: `LINK#${token}`, sk: 'LINK' } }),
    );
    if (!Item) return 'tampered';
    if (Date.parse(String(Item.validUntil)) <= now.getTime()) return 'expired';
    const { pairingId, party, version, meeting, purpose, round } = Item;
    return {
      pairingId: String(pairingId),
      party: party === 'mentor' ? 'mentor' : 'mentee',
      version: Number(version),
      ...(typeof meeting === 'number' ? { meeting } : {}),
      ...(typeof purpose === 'string' && linkPurposes.includes(purpose as never)
        ? { purpose: purpose as NonNullable<LinkClaims['purpose']> }
        : {}),
      ...(typeof round === 'number' ? { round } : {}),
    };
  }
}
