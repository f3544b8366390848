import type * as Oidc from 'openid-client';
import type {
  AdminIdentityProvider,
  AdminSignInStart,
  SignedInAdministrator,
} from '#domain/admin-access';

// Loaded at the first sign-in, not at the HTTP function's start (its own chunk in the bundle).
const openidClient = () => import('openid-client');

/**
 * The administrators' sign-in in AWS: the authorization-code flow with PKCE against the stack's
 * Cognito user pool (any OpenID Connect issuer works the same). openid-client does discovery, the
 * state check, the code exchange and the ID token's issuer, audience and expiry checks — none of
 * it is hand-written. One hospital's pool and app client are the only ones its stack trusts.
 */
export class OidcAdminSignIn implements AdminIdentityProvider {
  private configuration: Promise<Oidc.Configuration> | undefined;

  constructor(
    private readonly issuer: string,
    private readonly clientId: string,
    /** Tests run a provider on http://127.0.0.1; AWS is always https. */
    private readonly allowHttp = false,
  ) {}

  private config(): Promise<Oidc.Configuration> {
    this.configuration ??= openidClient()
      .then((oidc) =>
        oidc.discovery(
          new URL(this.issuer),
          this.clientId,
          undefined,
          oidc.None(),
          this.allowHttp ? { execute: [oidc.allowInsecureRequests] } : undefined,
        ),
      )
      .catch((error: unknown) => {
        this.configuration = undefined; // try discovery again on the next sign-in
        throw error;
      });
    return this.configuration;
  }

  async start(redirectUri: string): Promise<AdminSignInStart> {
    const config = await this.config();
    const oidc = await openidClient();
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
    });
    return { url: url.href, state, verifier };
  }

  /** Exchanges the code from the callback; throws when anything does not check out. */
  async finish(
    callbackUrl: URL,
    expected: { state: string; verifier: string },
  ): Promise<SignedInAdministrator> {
    const oidc = await openidClient();
    const tokens = await oidc.authorizationCodeGrant(await this.config(), callbackUrl, {
      pkceCodeVerifier: expected.verifier,
      expectedState: expected.state,
    });
    const claims = tokens.claims();
    if (!claims || typeof claims.email !== 'string' || claims.email_verified === false)
      throw new Error('the identity provider did not vouch for an email address');
    return { email: claims.email.toLowerCase() };
  }
}
