// A real OpenID provider (panva/oidc-provider, OpenID Certified) for the portal's sign-in tests, on loopback.
// Its configuration comes from the JSON file named by the first argument:
//   { "issuer": "http://127.0.0.1:PORT", "port": PORT, "idTokenCarriesOnlySub": false,
//     "jwks": { "keys": [ <private signing JWK with kid> ] },
//     "clients": [ { "client_id", "client_secret", "redirect_uris": [...], "post_logout_redirect_uris": [...] } ],
//     "users": { "<login>": { "password": "...", "claims": { "sub": "...", "email": "...", ... } } } }
// The login form is the provider's own small page; consent is granted at once (a first-party client).
import fs from 'node:fs';
import Provider from 'oidc-provider';

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const users = config.users || {};
const bySub = Object.fromEntries(Object.entries(users).map(([login, user]) => [user.claims.sub || login, user]));
const claimNames = new Set(['sub']);
for (const user of Object.values(users)) Object.keys(user.claims).forEach((name) => claimNames.add(name));

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title, body) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>
<body><main><h1>${title}</h1>${body}</main></body></html>`;

const provider = new Provider(config.issuer, {
  clients: config.clients.map((client) => ({
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    ...client,
  })),
  jwks: config.jwks,
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: [...claimNames].filter((n) => !['sub', 'email', 'email_verified'].includes(n)) },
  // false: the ID token carries the claims of its scopes, as Google's and Entra's do; true: only `sub`, the rest
  // from userinfo, as the OpenID Connect core specification has it for the code flow.
  conformIdTokenClaims: config.idTokenCarriesOnlySub === true,
  features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
  pkce: { required: () => true },
  cookies: { keys: ['test-provider-cookie-key'] },
  async findAccount(ctx, id) {
    const user = bySub[id];
    if (!user) return undefined;
    return { accountId: id, async claims() { return { ...user.claims, sub: id }; } };
  },
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Sign-in error', `<p>${escape(out.error)}: ${escape(out.error_description || '')}</p>`);
  },
});
provider.proxy = false;

const form = (uid, error) => page('Sign in to the test provider', `${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
<label for="login">Email</label> <input id="login" name="login" autocomplete="username">
<label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password">
<button type="submit">Sign in</button></form>`);

const readForm = (req) => new Promise((resolve) => {
  let body = '';
  req.on('data', (chunk) => { body += chunk; });
  req.on('end', () => resolve(new URLSearchParams(body)));
});

provider.use(async (ctx, next) => {
  const match = ctx.path.match(/^\/interaction\/([\w-]+)(\/login)?$/);
  if (!match) return next();
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (ctx.method === 'GET') {
    ctx.type = 'html';
    ctx.body = form(details.uid);
    return undefined;
  }
  const fields = await readForm(ctx.req);
  const login = fields.get('login') || '';
  const user = users[login];
  if (!user || user.password !== fields.get('password')) {
    ctx.type = 'html';
    ctx.body = form(details.uid, 'Wrong email or password.');
    return undefined;
  }
  return provider.interactionFinished(ctx.req, ctx.res, { login: { accountId: user.claims.sub || login } }, { mergeWithLastSubmission: false });
});

const server = provider.listen(config.port, '127.0.0.1', () => {
  process.stdout.write(`listening ${config.issuer}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
