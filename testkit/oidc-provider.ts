// A real OpenID provider on loopback for tests: the certified `oidc-provider` package, one
// confidential client (the Quantlens server under test), a few accounts with passwords, and a
// minimal sign-in page of our own (a username, a password, a Cancel link) that a browser fills in.
// Consent is granted without a page, as corporate providers do for their own first-party apps.
//
// Everything is loopback: the issuer listens on 127.0.0.1 on a port the kernel picks, and
// start() resolves once it is listening (no sleeps).
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface OidcAccount {
  /** The login typed at the provider; also the `sub`. */
  login: string;
  password: string;
  /** Claims released with the scopes that name them (email, email_verified, name, groups…). */
  claims: Record<string, unknown>;
}

export interface OidcProviderOptions {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  accounts: OidcAccount[];
  /** Scope → claims it releases (openid → sub is built in). */
  scopes?: Record<string, string[]>;
}

export interface LoopbackOidcProvider {
  issuer: string;
  port: number;
  /** How many times our sign-in form was shown (a provider session skips it). */
  loginPagesShown(): number;
  /** Successful logins at the provider, by login. */
  logins(): string[];
  stop(): Promise<void>;
}

const DEFAULT_SCOPES: Record<string, string[]> = {
  email: ["email", "email_verified"],
  profile: ["name"],
  groups: ["groups"],
};

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function loginPage(uid: string, error = ""): string {
  // No external resources (the test browser has no network), no script.
  return `<!doctype html><html><head><meta charset="utf-8"><title>Loopback IdP sign-in</title></head><body>
<h1>Loopback identity provider</h1>
${error ? `<p role="status" data-testid="idp-error">${esc(error)}</p>` : ""}
<form method="post" action="/interaction/${esc(uid)}/login" data-testid="idp-login">
<label>Login <input name="login" autocomplete="off" required></label>
<label>Password <input name="password" type="password" required></label>
<button type="submit">Continue</button>
</form>
<p><a href="/interaction/${esc(uid)}/abort">Cancel</a></p>
</body></html>`;
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 16 * 1024) throw new Error("form too large");
    chunks.push(c as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

export async function startOidcProvider(opts: OidcProviderOptions): Promise<LoopbackOidcProvider> {
  // ESM-only package; loaded where it is needed.
  const { default: Provider } = await import("oidc-provider");
  const accounts = new Map(opts.accounts.map((a) => [a.login, a]));
  const scopes = { ...DEFAULT_SCOPES, ...opts.scopes };
  let shown = 0;
  const logins: string[] = [];

  // The port first (the issuer URL is part of the provider's configuration).
  const server = http.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}`;

  const signing = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: opts.clientId,
        client_secret: opts.clientSecret,
        redirect_uris: opts.redirectUris,
        response_types: ["code"],
        grant_types: ["authorization_code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [{ ...signing, kid: "loopback-1", use: "sig", alg: "RS256" }] },
    cookies: { keys: [crypto.randomBytes(32).toString("base64url")] },
    claims: { openid: ["sub"], ...scopes },
    scopes: ["openid", ...Object.keys(scopes)],
    features: { devInteractions: { enabled: false } },
    // Seconds; explicit, so the provider does not log a notice for each default.
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AuthorizationCode: 60, AccessToken: 600, IdToken: 600 },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    // First-party client: every scope and claim asked for is granted without a consent page.
    async loadExistingGrant(ctx: GrantCtx) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) {
        const existing = await ctx.oidc.provider.Grant.find(grantId);
        if (existing) return existing;
      }
      const grant = new ctx.oidc.provider.Grant({ accountId: ctx.oidc.session.accountId, clientId: ctx.oidc.client.clientId });
      grant.addOIDCScope(String(ctx.oidc.params.scope ?? "openid"));
      await grant.save();
      return grant;
    },
    async findAccount(_ctx: unknown, sub: string) {
      const a = accounts.get(sub);
      if (!a) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...a.claims }) };
    },
  }) as ProviderLike;

  const oidc = provider.callback();
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    const m = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|abort))?$/.exec(new URL(req.url ?? "/", issuer).pathname);
    if (!m) return void oidc(req, res);
    void (async () => {
      try {
        const [, uid, action] = m;
        const details = await provider.interactionDetails(req, res);
        if (details.uid !== uid) throw new Error("interaction mismatch");
        if (action === "abort") {
          await provider.interactionFinished(req, res, { error: "access_denied", error_description: "The user cancelled at the identity provider" }, { mergeWithLastSubmission: false });
          return;
        }
        if (action === "login" && req.method === "POST") {
          const form = await readForm(req);
          const a = accounts.get(form.get("login") ?? "");
          if (!a || !crypto.timingSafeEqual(Buffer.from(crypto.hash("sha256", form.get("password") ?? "")), Buffer.from(crypto.hash("sha256", a.password)))) {
            shown++;
            res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(loginPage(uid, "Wrong login or password."));
            return;
          }
          logins.push(a.login);
          await provider.interactionFinished(req, res, { login: { accountId: a.login } }, { mergeWithLastSubmission: false });
          return;
        }
        if (details.prompt.name !== "login") throw new Error(`no page for the ${details.prompt.name} prompt`);
        shown++;
        res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(loginPage(uid));
      } catch (err) {
        if (!res.headersSent) res.writeHead(400, { "content-type": "text/plain; charset=utf-8" });
        res.end(`interaction failed: ${(err as Error).message}\n`);
      }
    })();
  });

  return {
    issuer,
    port,
    loginPagesShown: () => shown,
    logins: () => [...logins],
    stop: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) return resolve();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// The few parts of oidc-provider's API used here (the package carries no TypeScript types).
interface ProviderLike {
  callback(): (req: http.IncomingMessage, res: http.ServerResponse) => void;
  interactionDetails(req: http.IncomingMessage, res: http.ServerResponse): Promise<{ uid: string; prompt: { name: string } }>;
  interactionFinished(req: http.IncomingMessage, res: http.ServerResponse, result: Record<string, unknown>, o: { mergeWithLastSubmission: boolean }): Promise<void>;
}

interface GrantLike {
  addOIDCScope(scope: string): void;
  save(): Promise<string>;
}

interface GrantCtx {
  oidc: {
    result?: { consent?: { grantId?: string } };
    session: { accountId: string; grantIdFor(clientId: string): string | undefined };
    client: { clientId: string };
    params: { scope?: unknown };
    provider: { Grant: { new (o: { accountId: string; clientId: string }): GrantLike; find(id: string): Promise<GrantLike | undefined> } };
  };
}
