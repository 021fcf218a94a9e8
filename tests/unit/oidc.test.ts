// Issue 11 item 16: who single sign-on lets in, under which name, with which role.
// The browser flow against a real provider is tests/e2e/oidc.spec.ts; these are the rules.
import { describe, expect, it } from "vitest";
import { decideOidcUser, describeAuthError, mappedRole, oidcSettings } from "@/lib/auth/oidc";

const base = { sub: "u-1", email: "Ana@Example.com", email_verified: true, name: "Ana" };

describe("oidcSettings", () => {
  it("defaults: everyone the provider signs in is a viewer, the standard scopes", () => {
    const s = oidcSettings({});
    expect(s).toMatchObject({ defaultRole: "viewer", roleClaim: null, allowedDomains: [], scope: "openid email profile", errors: [] });
  });

  it("reads the role, the claim, the map, the domains and the scope", () => {
    const s = oidcSettings({
      QUANTLENS_OIDC_ROLE: "None",
      QUANTLENS_OIDC_ROLE_CLAIM: "groups",
      QUANTLENS_OIDC_ROLE_MAP: "ops=operator, admins=admin ops=viewer",
      QUANTLENS_OIDC_ALLOWED_DOMAINS: "@Example.com corp.example",
      QUANTLENS_OIDC_SCOPE: "email groups",
    });
    expect(s.defaultRole).toBeNull();
    expect([...s.roleMap]).toEqual([["ops", "operator"], ["admins", "admin"]]);
    expect(s.allowedDomains).toEqual(["example.com", "corp.example"]);
    expect(s.scope).toBe("openid email groups");
    expect(s.errors).toEqual([]);
  });

  it("fails closed on a role that does not exist, and reports map entries it ignores", () => {
    const s = oidcSettings({ QUANTLENS_OIDC_ROLE: "superuser", QUANTLENS_OIDC_ROLE_CLAIM: "groups", QUANTLENS_OIDC_ROLE_MAP: "a=root,b,=admin,c=admin" });
    expect(s.defaultRole).toBeNull();
    expect([...s.roleMap]).toEqual([["c", "admin"]]);
    expect(s.errors).toHaveLength(4);
    expect(s.errors.join("\n")).not.toMatch(/secret/i);
  });
});

describe("decideOidcUser", () => {
  it("names the user by their email in lower case, with the default role", () => {
    expect(decideOidcUser(base, oidcSettings({ QUANTLENS_OIDC_ROLE: "operator" }))).toEqual({ ok: true, id: "u-1", name: "ana@example.com", role: "operator" });
  });

  it("never names a user by the display name; an unverified email falls back to the subject", () => {
    expect(decideOidcUser({ sub: "u-2", name: "admin" }, oidcSettings({}))).toMatchObject({ ok: true, name: "u-2" });
    expect(decideOidcUser({ ...base, email_verified: false }, oidcSettings({}))).toMatchObject({ ok: true, name: "u-1" });
    expect(decideOidcUser({ ...base, email_verified: "false" }, oidcSettings({}))).toMatchObject({ ok: true, name: "u-1" });
  });

  it("maps the role claim: the highest role among the values; a map, or role names themselves", () => {
    const mapped = oidcSettings({ QUANTLENS_OIDC_ROLE_CLAIM: "groups", QUANTLENS_OIDC_ROLE_MAP: "sre=operator,leads=admin,all=viewer", QUANTLENS_OIDC_ROLE: "operator" });
    expect(decideOidcUser({ ...base, groups: ["all", "leads", "sre"] }, mapped)).toMatchObject({ ok: true, role: "admin" });
    // A mapped claim wins over the default, even when lower.
    expect(decideOidcUser({ ...base, groups: ["all"] }, mapped)).toMatchObject({ ok: true, role: "viewer" });
    expect(decideOidcUser({ ...base, groups: ["other"] }, mapped)).toMatchObject({ ok: true, role: "operator" });
    // With a map, a value that happens to be a role name is not a role.
    expect(decideOidcUser({ ...base, groups: ["admin"] }, mapped)).toMatchObject({ ok: true, role: "operator" });
    const direct = oidcSettings({ QUANTLENS_OIDC_ROLE_CLAIM: "roles" });
    expect(decideOidcUser({ ...base, roles: "admin" }, direct)).toMatchObject({ role: "admin" });
    expect(decideOidcUser({ ...base, roles: ["Admin", 7, null] }, direct)).toMatchObject({ role: "viewer" });
  });

  it("finds nested claims by a dotted path, and names with dots as they are", () => {
    const nested = oidcSettings({ QUANTLENS_OIDC_ROLE_CLAIM: "realm_access.roles" });
    expect(mappedRole({ realm_access: { roles: ["operator"] } }, nested)).toBe("operator");
    const url = oidcSettings({ QUANTLENS_OIDC_ROLE_CLAIM: "https://quantlens.example/roles" });
    expect(mappedRole({ "https://quantlens.example/roles": ["admin"] }, url)).toBe("admin");
  });

  it("refuses users whose claims map to no role when QUANTLENS_OIDC_ROLE is none", () => {
    const s = oidcSettings({ QUANTLENS_OIDC_ROLE: "none", QUANTLENS_OIDC_ROLE_CLAIM: "groups", QUANTLENS_OIDC_ROLE_MAP: "q=viewer" });
    expect(decideOidcUser({ ...base, groups: ["q"] }, s)).toMatchObject({ ok: true, role: "viewer" });
    expect(decideOidcUser({ ...base, groups: ["x"] }, s)).toMatchObject({ ok: false, reason: expect.stringMatching(/maps to no role/) });
    expect(decideOidcUser(base, s)).toMatchObject({ ok: false });
  });

  it("refuses emails outside the allowed domains, unverified or missing ones, and a missing subject", () => {
    const s = oidcSettings({ QUANTLENS_OIDC_ALLOWED_DOMAINS: "example.com" });
    expect(decideOidcUser(base, s)).toMatchObject({ ok: true });
    expect(decideOidcUser({ ...base, email: "ana@evil.test" }, s)).toMatchObject({ ok: false, reason: expect.stringMatching(/evil\.test/) });
    // Not a suffix match: a look-alike domain ending in the allowed one is another domain.
    expect(decideOidcUser({ ...base, email: "ana@notexample.com" }, s)).toMatchObject({ ok: false });
    expect(decideOidcUser({ ...base, email: "ana@sub.example.com" }, s)).toMatchObject({ ok: false });
    expect(decideOidcUser({ ...base, email: "example.com" }, s)).toMatchObject({ ok: false });
    expect(decideOidcUser({ ...base, email: "a@b@example.com" }, s)).toMatchObject({ ok: true });
    expect(decideOidcUser({ ...base, email_verified: false }, s)).toMatchObject({ ok: false, reason: expect.stringMatching(/not verified/) });
    expect(decideOidcUser({ sub: "u-3" }, s)).toMatchObject({ ok: false, reason: expect.stringMatching(/no email/) });
    expect(decideOidcUser({ email: "ana@example.com" }, oidcSettings({}))).toMatchObject({ ok: false, reason: expect.stringMatching(/no subject/) });
  });
});

describe("describeAuthError", () => {
  it("keeps names, messages and the provider's error code, and none of what openid-client's errors carry", () => {
    // The shape of openid-client's RPError and OPError: extra properties assigned onto the error.
    const rp = Object.assign(new Error("unexpected iss value, expected http://a, got: http://b"), {
      name: "RPError",
      jwt: "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1LTEifQ.c2lnbmF0dXJl",
      params: { code: "authorization-code-1", state: "s" },
      checks: { code_verifier: "pkce-verifier-1" },
      body: { email: "ana@example.com" },
    });
    const op = Object.assign(new Error("invalid_client (client authentication failed)"), { name: "OPError", error: "invalid_client", error_description: "client authentication failed" });
    const wrapped = Object.assign(new Error("token exchange failed"), { cause: op });
    const text = [describeAuthError({ error: rp, providerId: "oidc" }), describeAuthError(wrapped), describeAuthError(rp)].join("\n");
    expect(text).toContain("RPError: unexpected iss value");
    expect(text).toContain("provider oidc");
    expect(text).toContain("provider error invalid_client");
    expect(text).toContain("OPError: invalid_client");
    for (const secret of ["eyJ", "authorization-code-1", "pkce-verifier-1", "ana@example.com"]) expect(text).not.toContain(secret);
    expect(describeAuthError(undefined)).toBe("(no details)");
    const cyclic: Record<string, unknown> = { message: "loop", name: "X" };
    cyclic.cause = cyclic;
    expect(describeAuthError(cyclic)).toBe("X: loop");
  });
});
