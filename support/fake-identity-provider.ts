import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

/**
 * A small OpenID Connect provider on 127.0.0.1 standing in for a Cognito user pool: discovery,
 * JWKS and the token endpoint with PKCE. The test plays the browser: it "signs in" by asking for
 * a code, as Cognito's hosted page would hand one back.
 */
export async function fakeIdentityProvider(clientId: string) {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const codes = new Map<
    string,
    { email: string; challenge: string; audience: string; issuer?: string }
  >();
  let base = '';
  const server: Server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', base);
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration')
      return send(200, {
        issuer: base,
        authorization_endpoint: `${base}/oauth2/authorize`,
        token_endpoint: `${base}/oauth2/token`,
        jwks_uri: `${base}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
      });
    if (url.pathname === '/jwks') return send(200, { keys: [jwk] });
    if (url.pathname === '/oauth2/token' && request.method === 'POST') {
      let raw = '';
      for await (const chunk of request) raw += chunk;
      const form = new URLSearchParams(raw);
      const grant = codes.get(form.get('code') ?? '');
      const challenge = createHash('sha256')
        .update(form.get('code_verifier') ?? '')
        .digest('base64url');
      if (!grant || grant.challenge !== challenge || form.get('client_id') !== clientId)
        return send(400, { error: 'invalid_grant' });
      codes.delete(form.get('code') ?? '');
      const now = Math.floor(Date.now() / 1000);
      const idToken = await new SignJWT({
        email: grant.email,
        email_verified: true,
        token_use: 'id',
      })
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(grant.issuer ?? base)
        .setAudience(grant.audience)
        .setSubject(randomUUID())
        .setIssuedAt(now)
        .setExpirationTime(now + 3600)
        .sign(privateKey);
      return send(200, {
        access_token: 'a',
        token_type: 'Bearer',
        expires_in: 3600,
        id_token: idToken,
      });
    }
    send(404, {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer: base,
    /**
     * What the hosted sign-in page does after a person signs in: a code for the authorization
     * request at `authorizeUrl`. `audience`/`issuer` forge a token meant for another pool.
     */
    signIn(
      authorizeUrl: string,
      email: string,
      forge: { audience?: string; issuer?: string } = {},
    ) {
      const request = new URL(authorizeUrl);
      const code = randomUUID();
      codes.set(code, {
        email,
        challenge: request.searchParams.get('code_challenge') ?? '',
        audience: forge.audience ?? clientId,
        ...(forge.issuer ? { issuer: forge.issuer } : {}),
      });
      return { code, state: request.searchParams.get('state') ?? '' };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
