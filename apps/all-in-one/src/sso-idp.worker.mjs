// A real OpenID provider (oidc-provider, a certified implementation) for the SSO spec, run in a
// worker thread of the test process: oidc-provider is ESM only, which jest's module loader cannot
// load, and a worker thread loads it with Node's own. Logins go through its development login
// form (any login name, any password); the claims of each login name are set by the test
// (`{type: 'account', login, claims}`). `{type: 'tamper', on}` makes the token endpoint hand out
// ID tokens whose payload was changed after signing, as a man in the middle would.
//
// It listens first, on a port the system picks (one chosen beforehand could be taken by any socket
// of the box before the provider binds it), and says its issuer; the apps under test start with
// that issuer, and `{type: 'admit', redirectUris}` then makes the provider with their callbacks.
// Until then every request answers 503.
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import Provider from 'oidc-provider';

const { clientId, clientSecret } = workerData;
const accounts = new Map();
let tamper = false;
/** The provider's request handler, once the apps' callbacks are known. */
let handle = null;

const signingKey = { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' };

const server = http.createServer((req, res) => {
  if (handle) return handle(req, res);
  res.statusCode = 503;
  res.end();
});

function makeProvider(issuer, redirectUris) {
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: redirectUris, grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic' }],
    jwks: { keys: [signingKey] },
    cookies: { keys: ['sso-spec-cookie-key'] },
    claims: { openid: ['sub'], profile: ['name', 'preferred_username', 'groups', 'org'], email: ['email'] },
    // Profile claims in the ID token itself (as providers configured for SSO do), not only at userinfo.
    conformIdTokenClaims: false,
    findAccount: async (_ctx, id) => ({ accountId: id, claims: async () => ({ sub: id, ...(accounts.get(id) ?? {}) }) }),
    // The user consented already: only the login form stands between the authorization request and the code.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid profile email');
      await grant.save();
      return grant;
    },
  });

  provider.use(async (ctx, next) => {
    await next();
    if (tamper && ctx.path === '/token' && ctx.body && typeof ctx.body.id_token === 'string') {
      const [header, payload, signature] = ctx.body.id_token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      claims.groups = ['chat-admins'];
      ctx.body = { ...ctx.body, id_token: [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.') };
    }
  });
  return provider;
}

server.listen(0, '127.0.0.1', () => parentPort.postMessage({ type: 'ready', issuer: `http://127.0.0.1:${server.address().port}` }));
parentPort.on('message', (message) => {
  if (message.type === 'admit') handle = makeProvider(`http://127.0.0.1:${server.address().port}`, message.redirectUris).callback();
  if (message.type === 'account') accounts.set(message.login, message.claims);
  if (message.type === 'tamper') tamper = message.on;
  if (message.id !== undefined) parentPort.postMessage({ type: 'ack', id: message.id });
  if (message.type === 'close') server.close(() => parentPort.postMessage({ type: 'closed' }));
});
