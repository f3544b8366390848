import { S3RawMailSource } from '#adapters/s3-raw-mail-source';
import type { RuntimeConfig } from '#config/runtime-config';
import type { RawMailSource } from '#domain/inbound-mail';

/** Where received mail is kept (S3 in AWS; locally a folder, given as `rawMailSource`). */
export function rawMailSourceFor(config: RuntimeConfig, given?: RawMailSource): RawMailSource {
  if (given) return given;
  return config.inboundBucketName
    ? S3RawMailSource.create(config.region, config.inboundBucketName)
    : missingRawMailSource;
}

const missingRawMailSource: RawMailSource = {
  read: () => Promise.reject(new Error('no inbound bucket configured (TANDEM_INBOUND_BUCKET)')),
  // Nothing was ever stored, so there is nothing to erase.
  erase: async () => {},
};
