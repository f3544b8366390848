import { DeleteObjectCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { inboundObjectPrefix } from '#config/table-schema';
import type { RawMailSource } from '#domain/inbound-mail';

export class S3RawMailSource implements RawMailSource {
  constructor(
    private readonly client: S3Client,
    private readonly bucketName: string,
  ) {}

  static create(region: string, bucketName: string): S3RawMailSource {
    return new S3RawMailSource(new S3Client({ region }), bucketName);
  }

  async read(receiptId: string): Promise<Buffer> {
    const result = await this.client.send(
      new GetObjectCommand({ Bucket: this.bucketName, Key: `${inboundObjectPrefix}${receiptId}` }),
    );
    if (!result.Body) throw new Error(`inbound message ${receiptId} has no body in S3`);
    return Buffer.from(await result.Body.transformToByteArray());
  }

  async erase(receiptId: string): Promise<void> {
    await this.client.send(
      new DeleteObjectCommand({
        Bucket: this.bucketName,
        Key: `${inboundObjectPrefix}${receiptId}`,
      }),
    );
  }
}
