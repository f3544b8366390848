import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RawMailSource } from '#domain/inbound-mail';

/** The embedded runtime's stand-in for the inbound S3 bucket: one `.eml` file per message. */
export class FolderRawMailSource implements RawMailSource {
  constructor(private readonly directory: string) {}

  async write(receiptId: string, raw: Buffer): Promise<void> {
    await mkdir(this.directory, { recursive: true });
    await writeFile(this.pathFor(receiptId), raw);
  }

  async read(receiptId: string): Promise<Buffer> {
    return readFile(this.pathFor(receiptId));
  }

  async erase(receiptId: string): Promise<void> {
    await rm(this.pathFor(receiptId), { force: true });
  }

  private pathFor(receiptId: string): string {
    if (!/^[A-Za-z0-9-]{1,100}$/.test(receiptId)) throw new Error(`bad receipt id ${receiptId}`);
    return join(this.directory, `${receiptId}.eml`);
  }
}
