import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolUser,
  FeaturePlan,
  Mfa,
  OAuthScope,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
  UserPoolEmail,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { HospitalConfig } from '#config/hospital-config';

/**
 * The hospital's administrators: a Cognito user pool of their own (no self sign-up, MFA with an
 * authenticator app, strong passwords), each administrator from the config invited by email,
 * and one app client for the admin pages (authorization code with PKCE, no secret).
 */
export class AdministratorsSignIn extends Construct {
  readonly pool: UserPool;
  readonly client: UserPoolClient;

  constructor(
    scope: Construct,
    id: string,
    props: { hospital: HospitalConfig; publicBaseUrl: string },
  ) {
    super(scope, id);
    const { hospital, publicBaseUrl } = props;
    const stack = Stack.of(this);
    const pool = new UserPool(this, 'AdministratorsPool', {
      userPoolName: `tandem-${hospital.id}-administrators`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(7),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      // Invitations come from the hospital's own SES identity, not Cognito's default sender
      // (50 emails a day, from no-reply@verificationemail.com).
      email: UserPoolEmail.withSES({
        fromEmail: hospital.senderAddress,
        fromName: hospital.branding.programName,
        sesRegion: stack.region,
        sesVerifiedDomain: hospital.senderAddress.split('@')[1] ?? '',
        configurationSetName: `tandem-${hospital.id}`,
      }),
      userInvitation: {
        emailSubject: `Your administrator account for ${hospital.branding.programName}`,
        emailBody: `You are an administrator of ${hospital.branding.programName} at ${hospital.name}. Sign in at ${publicBaseUrl}/admin with {username} and the temporary password {####}; you will choose a password and set up an authenticator app.`,
      },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    pool.addDomain('HostedSignIn', {
      cognitoDomain: { domainPrefix: hospital.adminSignIn.domainPrefix ?? `tandem-${hospital.id}` },
    });
    const client = pool.addClient('AdminPagesClient', {
      generateSecret: false,
      authFlows: {},
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
        callbackUrls: [`${publicBaseUrl}/admin/callback`],
        logoutUrls: [`${publicBaseUrl}/admin/sign-in`],
      },
    });
    // Keyed by address: removing or reordering an administrator leaves the others untouched.
    for (const email of hospital.administrators) {
      new CfnUserPoolUser(this, `Administrator-${email.toLowerCase()}`, {
        userPoolId: pool.userPoolId,
        username: email,
        desiredDeliveryMediums: ['EMAIL'],
        userAttributes: [
          { name: 'email', value: email },
          { name: 'email_verified', value: 'true' },
        ],
      });
    }
    this.pool = pool;
    this.client = client;
  }
}
