import { readInboundMessage } from '#adapters/mime-reader';
import type { RuntimeConfig } from '#config/runtime-config';
import type { InboundMessageReader, RawMailSource } from '#domain/inbound-mail';
import { rawMailSourceFor } from './raw-mail.ts';

export interface MailInDependencies {
  rawMailSource: RawMailSource;
  /** Reads a received message’s raw MIME (postal-mime). */
  readInboundMessage: InboundMessageReader;
}

/** Reading received mail: the raw message store and the MIME reader. */
export function mailIn(config: RuntimeConfig, rawMailSource?: RawMailSource): MailInDependencies {
  return { rawMailSource: rawMailSourceFor(config, rawMailSource), readInboundMessage };
}
