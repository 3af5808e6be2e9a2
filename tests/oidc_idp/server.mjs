// A local OpenID Connect provider for the single sign-on browser test (oidc-provider).
//
//   node server.mjs PORT USERS_FILE REDIRECT_URI POST_LOGOUT_REDIRECT_URI [CLIENT_NOW_MS]
//
// USERS_FILE is JSON {"alice": {"email": ..., "groups": [...]}, ...}; it is read again at every
// sign-in, so a test changes a person's groups at the provider by rewriting it. The development
// sign-in form accepts any password. Prints "ready ISSUER" once it listens.
//
// CLIENT_NOW_MS is the relying party's clock at launch: a test suite run with a shifted clock
// (pinned or days ahead) gets ID tokens that are fresh by its own clock.
import { readFileSync } from "node:fs";

import Provider from "oidc-provider";

const [port, usersFile, redirectUri, postLogoutUri, clientNow] = process.argv.slice(2);
if (clientNow) {
  const skew = Number(clientNow) - Date.now();
  const realNow = Date.now;
  Date.now = () => realNow() + skew;
}
const issuer = `http://127.0.0.1:${port}`;

function person(id) {
  const users = JSON.parse(readFileSync(usersFile, "utf8"));
  return users[id];
}

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: "breachdesk",
      client_secret: "breachdesk-test-secret",
      redirect_uris: [redirectUri],
      post_logout_redirect_uris: [postLogoutUri],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  scopes: ["openid", "email", "profile", "groups"],
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["preferred_username", "name"],
    groups: ["groups"],
  },
  async findAccount(ctx, id) {
    const found = person(id);
    if (!found) return undefined;
    return {
      accountId: id,
      async claims() {
        const now = person(id) || found;
        return {
          sub: id,
          email: now.email,
          email_verified: true,
          preferred_username: id,
          name: now.name || id,
          groups: now.groups || [],
        };
      },
    };
  },
  // The test's client is first-party: grant what it asks without a consent page.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope("openid email profile groups");
    await grant.save();
    return grant;
  },
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  ttl: { AuthorizationCode: 60, Session: 3600, Grant: 3600, IdToken: 600, AccessToken: 600 },
  cookies: { keys: ["breachdesk-test-cookie-key"] },
});

provider.listen(Number(port), "127.0.0.1", () => {
  console.log(`ready ${issuer}`);
});
