import type { RawMailSource } from '#domain/inbound-mail';
import { type AdminDependencies, admin } from './wiring/admin.ts';
import {
  buildCore,
  type CoreDependencies,
  type DependencyOverrides,
  type DependencySecrets,
} from './wiring/core.ts';
import { type MailInDependencies, mailIn } from './wiring/mail-in.ts';
import { type MailOutDependencies, withMailOut } from './wiring/mail-out.ts';

export {
  type DependencyOverrides,
  type DependencySecrets,
  deliveredByStream,
  type OutboxDelivery,
} from './wiring/core.ts';

/**
 * Everything, wired once per process: the embedded service (all functions in one process), the
 * CLI and the tests. Each Lambda function wires only its parts (functions/lambda/).
 */
export interface TandemDependencies
  extends CoreDependencies,
    MailOutDependencies,
    MailInDependencies,
    AdminDependencies {}

/** The one wiring of adapters to ports: Lambda and the embedded runtime differ only in endpoints. */
export function buildDependencies(
  config: CoreDependencies['config'],
  secrets: DependencySecrets | (() => DependencySecrets),
  overrides: DependencyOverrides & { rawMailSource?: RawMailSource } = {},
): TandemDependencies {
  const withMail = withMailOut(buildCore(config, secrets, overrides));
  const received = mailIn(config, overrides.rawMailSource);
  return Object.assign(withMail, received, admin(withMail, received.rawMailSource));
}
