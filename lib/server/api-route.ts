// The one wrapper for /api/v1 routes: a dashboard session or a scoped key, then the handler,
// with errors mapped to status codes and messages (never a bare 500).
import { roleCan, type Permission } from "@/lib/auth/roles";
import type { Scope } from "@/lib/auth/keys";
import { currentUser } from "./auth";
import { runtime } from "./runtime";

export class ApiError extends Error {
  constructor(public readonly status: number, message: string, public readonly details?: unknown) {
    super(message);
  }
}

export interface Caller {
  actor: string;
  via: "session" | "key";
  can(p: Permission): boolean;
}

const SCOPE_FOR: Record<Permission, Scope | null> = { read: "read", operate: "operate", admin: null };

type Handler<P> = (ctx: { req: Request; params: P; caller: Caller; url: URL }) => Promise<Response | unknown>;

export function apiRoute<P = Record<string, string>>(permission: Permission, handler: Handler<P>) {
  return async (req: Request, ctx: { params: Promise<P> }): Promise<Response> => {
    try {
      const rt = await runtime();
      let caller: Caller | null = null;
      const auth = req.headers.get("authorization");
      if (auth) {
        const key = await rt.keys.authenticate(auth);
        if (!key) throw new ApiError(401, "invalid or revoked API key");
        caller = {
          actor: `key:${key.name}`,
          via: "key",
          can: (p) => {
            const s = SCOPE_FOR[p];
            return s !== null && key.scopes.includes(s);
          },
        };
      } else {
        const user = await currentUser();
        if (user) caller = { actor: user.name, via: "session", can: (p) => roleCan(user.role, p) };
      }
      if (!caller) throw new ApiError(401, "sign in, or send Authorization: Bearer <key>");
      if (!caller.can(permission)) {
        throw new ApiError(403, `this needs the ${permission} ${caller.via === "key" ? "scope" : "permission"}`);
      }
      const result = await handler({ req, params: await ctx.params, caller, url: new URL(req.url) });
      return result instanceof Response ? result : Response.json(result);
    } catch (err) {
      if (err instanceof ApiError) return Response.json({ error: err.message, details: err.details }, { status: err.status });
      console.error("[api]", req.method, new URL(req.url).pathname, err);
      return Response.json({ error: "the database is unavailable or the request failed; retry later" }, { status: 503, headers: { "retry-after": "5" } });
    }
  };
}
