// Issue 11 item 6: the rate-limit key is the socket's peer; X-Forwarded-For counts only from
// QUANTLENS_TRUSTED_PROXIES.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { clientAddress, installPeerCapture, normalizeAddress, PEER_HEADER, peerAddress, TrustedProxies } from "@/server/http/client-address";

describe("TrustedProxies", () => {
  it("parses addresses and CIDRs, IPv4 and IPv6, and reports what it cannot read", () => {
    const t = new TrustedProxies("10.0.0.0/8, 192.168.1.7 ::1 fd00::/8,bogus,10.0.0.1/33,1.2.3.4/");
    expect(t.size).toBe(4);
    expect(t.errors).toEqual(["bogus", "10.0.0.1/33", "1.2.3.4/"]);
    expect(t.has("10.20.30.40")).toBe(true);
    expect(t.has("::ffff:10.1.2.3")).toBe(true);
    expect(t.has("192.168.1.7")).toBe(true);
    expect(t.has("192.168.1.8")).toBe(false);
    expect(t.has("::1")).toBe(true);
    expect(t.has("fd12::5")).toBe(true);
    expect(t.has("not an address")).toBe(false);
    expect(new TrustedProxies(undefined).size).toBe(0);
  });
});

describe("clientAddress", () => {
  const none = new TrustedProxies("");
  const proxies = new TrustedProxies("127.0.0.10, 10.0.0.0/8");

  it("without trusted proxies, is the socket peer whatever X-Forwarded-For says", () => {
    expect(clientAddress("203.0.113.5", "1.1.1.1", none)).toBe("203.0.113.5");
    expect(clientAddress("::ffff:127.0.0.1", "9.9.9.9, 8.8.8.8", none)).toBe("127.0.0.1");
    expect(clientAddress(null, "1.1.1.1", none)).toBeNull();
  });

  it("from a peer that is not a trusted proxy, ignores X-Forwarded-For", () => {
    expect(clientAddress("203.0.113.5", "10.0.0.1", proxies)).toBe("203.0.113.5");
  });

  it("from a trusted proxy, is the right-most address that is not a trusted proxy", () => {
    expect(clientAddress("127.0.0.10", "198.51.100.7", proxies)).toBe("198.51.100.7");
    // A client that sends its own X-Forwarded-For gets its forgery kept on the left: ignored.
    expect(clientAddress("127.0.0.10", "6.6.6.6, 198.51.100.7", proxies)).toBe("198.51.100.7");
    expect(clientAddress("127.0.0.10", "6.6.6.6, 198.51.100.7, 10.1.1.1", proxies)).toBe("198.51.100.7");
    expect(clientAddress("127.0.0.10", "10.1.1.1", proxies)).toBe("10.1.1.1");
    expect(clientAddress("127.0.0.10", "", proxies)).toBe("127.0.0.10");
    expect(clientAddress("127.0.0.10", "garbage, 10.2.2.2", proxies)).toBe("10.2.2.2");
    expect(clientAddress("127.0.0.10", " 2001:db8::1 ", proxies)).toBe("2001:db8::1");
  });

  it("normalizes spellings", () => {
    expect(normalizeAddress("::FFFF:192.0.2.1")).toBe("192.0.2.1");
    expect(normalizeAddress("[2001:DB8::1]")).toBe("2001:db8::1");
    expect(normalizeAddress("fe80::1%eth0")).toBe("fe80::1");
    expect(normalizeAddress("x")).toBeNull();
  });
});

describe("peer capture", () => {
  it("gives a handler the socket's address, and a client cannot forge it", async () => {
    installPeerCapture();
    const seen: (string | null)[] = [];
    const server = http.createServer((req, res) => {
      seen.push(peerAddress(req.headers));
      res.end("ok");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = (server.address() as AddressInfo).port;
    const get = (localAddress: string, headers: Record<string, string>) =>
      new Promise<void>((resolve, reject) => {
        const req = http.request({ host: "127.0.0.1", port, localAddress, headers, agent: false }, (res) => {
          res.resume();
          res.on("end", () => resolve());
        });
        req.on("error", reject);
        req.end();
      });
    try {
      await get("127.0.0.2", { [PEER_HEADER]: "forged 6.6.6.6", "x-forwarded-for": "6.6.6.6" });
      await get("127.0.0.3", {});
    } finally {
      server.close();
    }
    expect(seen).toEqual(["127.0.0.2", "127.0.0.3"]);
    // A header without the process's token is not believed.
    expect(peerAddress({ [PEER_HEADER]: "forged 6.6.6.6" })).toBeNull();
    expect(peerAddress(new Headers({ [PEER_HEADER]: "x 1.2.3.4" }))).toBeNull();
    expect(peerAddress({})).toBeNull();
  });
});
