// A real webhook receiver on loopback: records every request and answers as told.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  at: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  /** How to answer the next requests (default 200). */
  respond: (r: Received) => number | "hang";
  close(): Promise<void>;
  /** Listen again on the same port (after close). */
  reopen(): Promise<void>;
}

export async function startReceiver(port = 0): Promise<Receiver> {
  const received: Received[] = [];
  const hanging = new Set<http.ServerResponse>();
  const self: Receiver = {
    url: "",
    port: 0,
    received,
    respond: () => 200,
    close: async () => {
      for (const r of hanging) r.destroy();
      hanging.clear();
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
    },
    reopen: async () => {
      server = make();
      await new Promise<void>((r) => server.listen(self.port, "127.0.0.1", r));
    },
  };
  const make = () =>
    http.createServer((req, res) => {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        const r: Received = { at: Date.now(), headers: req.headers, body };
        received.push(r);
        const answer = self.respond(r);
        if (answer === "hang") {
          hanging.add(res);
          return;
        }
        res.writeHead(answer, { "content-type": "text/plain" }).end(answer < 300 ? "ok" : "no");
      });
    });
  let server = make();
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  self.port = (server.address() as AddressInfo).port;
  self.url = `http://127.0.0.1:${self.port}/hook`;
  return self;
}

export async function waitFor<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, timeoutMs: number, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false && v !== null) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
