// The address a request came from, for rate limiting. Next.js route handlers see a Web
// Request without the socket, and `next start` fills X-Forwarded-For from the socket only when
// the client did not send one: from a route, a forged X-Forwarded-For and the real peer look the
// same. So the server process captures the socket's address itself: a subscriber to Node's
// `http.server.request.start` diagnostics channel (published for every request before its
// handler runs) writes it into a private header, together with a per-process random token that
// a client cannot know, overwriting anything the client sent under that name.
//
// X-Forwarded-For is believed only when the peer is one of QUANTLENS_TRUSTED_PROXIES, and then
// only as far back as the proxies in the list: the client is the right-most address that is not
// a trusted proxy.
import crypto from "node:crypto";
import diagnostics from "node:diagnostics_channel";
import net from "node:net";
import { singleton } from "@/server/runtime/process-state";

export const PEER_HEADER = "x-quantlens-peer";

interface Capture {
  token: string;
  installed: boolean;
}

// One per process: the instrumentation and route bundles each get their own copy of this module.
const capture = (): Capture => singleton("peer-capture", () => ({ token: crypto.randomBytes(18).toString("base64url"), installed: false }));

type RequestStart = { request: { headers: Record<string, string | string[] | undefined> }; socket?: { remoteAddress?: string } };

/** Starts writing each request's socket address into PEER_HEADER (idempotent, process-wide). */
export function installPeerCapture(): void {
  const c = capture();
  if (c.installed) return;
  c.installed = true;
  diagnostics.subscribe("http.server.request.start", (message) => {
    const { request, socket } = message as RequestStart;
    const address = socket?.remoteAddress;
    if (address) request.headers[PEER_HEADER] = `${c.token} ${address}`;
    else delete request.headers[PEER_HEADER];
  });
}

/** The captured socket address from a request's headers, or null when it was not captured (or forged). */
export function peerAddress(headers: Record<string, string | string[] | undefined> | Headers): string | null {
  const raw = headers instanceof Headers ? headers.get(PEER_HEADER) : headers[PEER_HEADER];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return null;
  const space = value.indexOf(" ");
  if (space < 0) return null;
  const token = value.slice(0, space);
  const a = Buffer.from(token);
  const b = Buffer.from(capture().token);
  if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) return null;
  return normalizeAddress(value.slice(space + 1));
}

/** An IP address in one spelling: IPv4-mapped IPv6 as IPv4, no zone, lower case; null if not an address. */
export function normalizeAddress(text: string): string | null {
  let a = text.trim();
  if (a.startsWith("[") && a.includes("]")) a = a.slice(1, a.indexOf("]"));
  a = a.replace(/%.*$/, "").toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) a = mapped[1];
  return net.isIP(a) ? a : null;
}

export class TrustedProxies {
  private readonly list = new net.BlockList();
  readonly size: number;
  readonly errors: string[] = [];

  /** `text`: addresses and CIDRs separated by commas or spaces, e.g. "10.0.0.0/8, ::1". */
  constructor(text: string | undefined) {
    let n = 0;
    for (const entry of (text ?? "").split(/[\s,]+/).filter(Boolean)) {
      const [addr, prefix, extra] = entry.split("/");
      const a = normalizeAddress(addr);
      const family = a ? (net.isIPv4(a) ? "ipv4" : "ipv6") : null;
      const bits = prefix === undefined ? null : Number(prefix);
      if (!a || !family || extra !== undefined || (bits !== null && (!Number.isInteger(bits) || bits < 0 || bits > (family === "ipv4" ? 32 : 128)) || prefix === "")) {
        this.errors.push(entry);
        continue;
      }
      if (bits === null) this.list.addAddress(a, family);
      else this.list.addSubnet(a, bits, family);
      n++;
    }
    this.size = n;
  }

  has(address: string): boolean {
    const a = normalizeAddress(address);
    if (!a) return false;
    return this.list.check(a, net.isIPv4(a) ? "ipv4" : "ipv6");
  }
}

const MAX_HOPS = 32;

/**
 * The client's address: the socket peer, unless the peer is a trusted proxy; then the
 * right-most X-Forwarded-For entry that is not a trusted proxy. Null when the peer is unknown.
 */
export function clientAddress(peer: string | null, forwardedFor: string | null | undefined, trusted: TrustedProxies): string | null {
  if (!peer) return null;
  const p = normalizeAddress(peer);
  if (!p) return null;
  if (trusted.size === 0 || !trusted.has(p)) return p;
  const hops = (forwardedFor ?? "").split(",").slice(-MAX_HOPS);
  let nearest = p;
  for (let i = hops.length - 1; i >= 0; i--) {
    const h = normalizeAddress(hops[i]);
    // Garbage is the client's own writing: the nearest hop that added an address is the client.
    if (!h) return nearest;
    if (!trusted.has(h)) return h;
    nearest = h;
  }
  return nearest;
}
