import { DynamoAdminSecurity } from '#adapters/dynamo-admin-security';
import { DynamoPersonRecords } from '#adapters/dynamo-person-records';
import { JoseAdminSessions } from '#adapters/jose-admin-sessions';
import { OidcAdminSignIn } from '#adapters/oidc-admin-sign-in';
import type {
  AdminAccessRecords,
  AdminIdentityProvider,
  AdminSessions,
} from '#domain/admin-access';
import type { RawMailSource } from '#domain/inbound-mail';
import type { ForgetDependencies } from '#workflows/forget-person';
import type { CoreDependencies } from './core.ts';

export interface AdminDependencies {
  /** Signed-out admin sessions and failed admin sign-ins, shared by every instance. */
  adminSecurity: AdminAccessRecords;
  /** Administrators' session tokens. */
  adminSessions: AdminSessions;
  /** The administrators' identity provider in AWS (Cognito); locally the key instead. */
  adminSignIn?: AdminIdentityProvider;
  forget: ForgetDependencies;
}

/** The admin area: sessions, sign-in, and forgetting a person (which erases their raw mail). */
export function admin(core: CoreDependencies, rawMail: RawMailSource): AdminDependencies {
  const { config, documentClient } = core;
  return {
    adminSecurity: new DynamoAdminSecurity(documentClient, config.tableName),
    // Read at the first session: in Lambda the secret may be fetched after the start.
    adminSessions: new JoseAdminSessions(core.signingSecret),
    ...(config.adminSignIn
      ? {
          adminSignIn: new OidcAdminSignIn(
            config.adminSignIn.issuer,
            config.adminSignIn.clientId,
            config.adminSignIn.allowHttp,
          ),
        }
      : {}),
    forget: {
      workflow: core.pairingWorkflow,
      checkins: core.checkinStore,
      people: new DynamoPersonRecords(documentClient, config.tableName),
      rawMail,
      alertLog: core.alertLog,
    },
  };
}
