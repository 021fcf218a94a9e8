// oidc-provider 8 ships no TypeScript declarations: the one export testkit/oidc-provider.ts
// uses, typed there by the parts of its API it calls.
declare module "oidc-provider" {
  const Provider: new (issuer: string, configuration: Record<string, unknown>) => unknown;
  export default Provider;
}
