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
    // Ends every connection (hanging, idle keep-alive and in flight) and stops listening; closing a
    // closed receiver is a no-op, so a test and its cleanup may both close it.
    close: async () => {
      for (const r of hanging) r.destroy();
      hanging.clear();
      if (!server.listening) return;
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
    },
    reopen: async () => {
      server = make();
      await listen(server, self.port);
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
  await listen(server, port);
  self.port = (server.address() as AddressInfo).port;
  self.url = `http://127.0.0.1:${self.port}/hook`;
  return self;
}

/** Listens on loopback, or rejects (a port in use is an error, not a hang or a crash). */
function listen(server: http.Server, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once("error", onError);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", onError);
      resolve();
    });
  });
}

/**
 * Polls `fn` until it returns a value (not undefined, null or false), or throws after `timeoutMs`.
 * Limits are for a busy machine: generous, and a condition, never a fixed sleep.
 */
export async function waitFor<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, timeoutMs: number, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false && v !== null) return v as T;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
