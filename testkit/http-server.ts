// A real HTTP server on loopback that serves the framework-free OTLP handler, for tests
// that need the wire but not the whole Next.js app.
import http from "node:http";
import { Readable } from "node:stream";
import type { AddressInfo } from "node:net";
import { handleOtlp } from "@/ingest/http";
import type { Signal } from "@/ingest/otlp/types";
import { runtime } from "@/server/runtime/runtime";

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

export async function startIngestServer(): Promise<TestServer> {
  const rt = await runtime();
  const server = http.createServer(async (req, res) => {
    const m = /^\/v1\/(traces|metrics|logs)$/.exec(req.url ?? "");
    if (!m) {
      res.writeHead(404).end("not found");
      return;
    }
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const request = new Request(`http://localhost${req.url}`, {
      method: req.method,
      headers,
      body: req.method === "POST" ? (Readable.toWeb(req) as ReadableStream) : undefined,
      duplex: "half",
    } as RequestInit);
    const response = await handleOtlp(m[1] as Signal, request, {
      pipeline: rt.pipeline,
      maxBodyBytes: rt.config.ingest.maxBodyBytes,
      admission: rt.admission,
      authorize: async (h) => (await rt.keys.authenticate(h))?.scopes.includes("ingest") ?? false,
    });
    res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}
