import type { RuntimeConfig } from '#config/runtime-config';
import type { RawMailSource } from '#domain/inbound-mail';

/**
 * Where received mail is kept (S3 in AWS; locally a folder, given as `rawMailSource`). The S3
 * client loads at the first read or erase: the HTTP function needs it only to forget a person,
 * so its cold start does not compile it (a chunk of its own in the bundle).
 */
export function rawMailSourceFor(config: RuntimeConfig, given?: RawMailSource): RawMailSource {
  if (given) return given;
  const bucket = config.inboundBucketName;
  if (!bucket) return missingRawMailSource;
  let source: Promise<RawMailSource> | undefined;
  const s3 = () => {
    source ??= import('#adapters/s3-raw-mail-source').then(({ S3RawMailSource }) =>
      S3RawMailSource.create(config.region, bucket),
    );
    return source;
  };
  return {
    read: async (...args) => (await s3()).read(...args),
    erase: async (...args) => (await s3()).erase(...args),
  };
}

const missingRawMailSource: RawMailSource = {
  read: () => Promise.reject(new Error('no inbound bucket configured (TANDEM_INBOUND_BUCKET)')),
  // Nothing was ever stored, so there is nothing to erase.
  erase: async () => {},
};
