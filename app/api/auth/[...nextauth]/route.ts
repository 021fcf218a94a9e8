import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { authOptions } from "@/server/http/auth";

const handler = NextAuth(authOptions);

// Sign-in, sign-out and CSRF forms are a few hundred bytes. Bigger bodies are refused before
// next-auth parses them (a 5 MiB "username" would otherwise be read, decoded and handed on).
const MAX_BODY_BYTES = 16 * 1024;

function tooLarge(): Response {
  return Response.json({ error: `request body over ${MAX_BODY_BYTES} bytes` }, { status: 413 });
}

/** The body, read up to the limit; null past it. */
async function readCapped(req: Request): Promise<Uint8Array | null> {
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

type Ctx = { params: Promise<{ nextauth: string[] }> };

export async function POST(req: NextRequest, ctx: Ctx): Promise<Response> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) return tooLarge();
  const body = await readCapped(req);
  if (body === null) return tooLarge();
  const copy = new NextRequest(req.url, { method: "POST", headers: req.headers, body: body.byteLength ? (body as BodyInit) : undefined });
  return handler(copy, ctx);
}

export { handler as GET };
