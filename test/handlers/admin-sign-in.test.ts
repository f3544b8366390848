import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeIdentityProvider } from '../../support/fake-identity-provider.ts';
import { httpClient } from '../../support/http-events.ts';
import { integrationDependencies, testAdminKey, testHospital } from '../../support/integration.ts';

const clientId = 'northbridge-admin-client';
let provider: Awaited<ReturnType<typeof fakeIdentityProvider>>;
beforeAll(async () => {
  provider = await fakeIdentityProvider(clientId);
});
afterAll(() => provider.close());

async function setUp() {
  const deps = await integrationDependencies({
    hospital: testHospital, // its office, admin-office@, is the administrator signing in
    config: {
      adminKey: undefined,
      adminSignIn: { issuer: provider.issuer, clientId, allowHttp: true },
    },
  });
  const http = httpClient(deps);
  /** Starts signing in; returns the provider URL and the login cookie. */
  const start = async () => {
    const started = await http.get('/admin/sign-in');
    expect(started.status).toBe(303);
    return {
      authorizeUrl: String(started.headers.location),
      loginCookie: String(started.cookies[0]).split(';')[0] ?? '',
    };
  };
  const callback = (query: string, cookies: string[]) =>
    httpClient(deps, cookies).get(`/admin/callback?${query}`);
  return { deps, http, start, callback };
}

describe('administrators sign in through the stack’s user pool (Cognito in AWS)', () => {
  it('sends the browser to the provider with PKCE, and a listed administrator gets a session', async () => {
    const { deps, start, callback } = await setUp();
    const { authorizeUrl, loginCookie } = await start();
    const url = new URL(authorizeUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${provider.issuer}/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: 'http://tandem.test/admin/callback',
      code_challenge_method: 'S256',
      scope: 'openid email',
    });
    expect(loginCookie).toMatch(/^tandem_admin_login=/);

    const { code, state } = provider.signIn(authorizeUrl, 'Admin-Office@test-hospital.example.org');
    const done = await callback(`code=${code}&state=${state}`, [loginCookie]);
    expect(done.status).toBe(200);
    const session = done.cookies.find((c) => c.startsWith('tandem_admin='));
    expect(session).toMatch(/HttpOnly; SameSite=Strict/);
    const admin = httpClient(deps, [String(session).split(';')[0] ?? '']);
    expect((await admin.get('/admin/pairings')).status).toBe(200);
  });

  it('refuses a person who is not an administrator of this hospital', async () => {
    const { start, callback } = await setUp();
    const { authorizeUrl, loginCookie } = await start();
    const { code, state } = provider.signIn(authorizeUrl, 'someone@test-hospital.example.org');
    const refused = await callback(`code=${code}&state=${state}`, [loginCookie]);
    expect(refused.status).toBe(403);
    expect(refused.cookies.some((c) => c.startsWith('tandem_admin='))).toBe(false);
  });

  it('refuses a token meant for another hospital’s pool or client, a wrong state and a missing login', async () => {
    const { start, callback } = await setUp();
    for (const forge of [
      { audience: 'st-aldric-admin-client' },
      { issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other' },
    ]) {
      const { authorizeUrl, loginCookie } = await start();
      const { code, state } = provider.signIn(
        authorizeUrl,
        'admin-office@test-hospital.example.org',
        forge,
      );
      const refused = await callback(`code=${code}&state=${state}`, [loginCookie]);
      expect(refused.status).toBe(401);
      expect(refused.cookies.some((c) => c.startsWith('tandem_admin='))).toBe(false);
    }
    const { authorizeUrl, loginCookie } = await start();
    const { code } = provider.signIn(authorizeUrl, 'admin-office@test-hospital.example.org');
    expect((await callback(`code=${code}&state=not-the-state`, [loginCookie])).status).toBe(401);
    expect((await callback(`code=${code}&state=x`, [])).status).toBe(400);
  });

  it('closes the key sign-in and every admin route without a session', async () => {
    const { http } = await setUp();
    expect((await http.postForm('/admin/sign-in', { key: testAdminKey })).status).toBe(401);
    expect((await http.get('/admin/pairings')).status).toBe(303);
    expect((await http.get('/admin/export.csv')).status).toBe(401);
    expect((await http.postForm('/admin/forget', { email: 'x@y.z', confirm: 'yes' })).status).toBe(
      401,
    );
  });
});
