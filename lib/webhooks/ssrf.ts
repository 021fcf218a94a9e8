// Where webhooks may connect. Addresses are judged by their BYTES, never by their text: every
// textual form (dotted quad, the hex and octal forms the URL parser accepts, IPv6 with `::`,
// zone ids and dotted tails) is parsed to 4 or 16 bytes first, and every way IPv6 can carry an
// IPv4 address (mapped, compatible, translated, NAT64, 6to4, Teredo) is decoded and the IPv4
// address judged too. The ranges are the IANA IPv4 and IPv6 Special-Purpose Address Registries'
// blocks that are not globally reachable, plus cloud metadata addresses and this machine's own
// interface addresses ("self"). The table is in docs/webhooks.md.
//
// Pure: the caller supplies this machine's interfaces and the resolver's answers
// (server/services/webhook-destination.ts does the I/O). `judgeDestination` checks every address a
// URL's host resolved to; the delivery worker then connects to exactly those addresses, so DNS
// cannot change the answer between the check and the connection.

export type AddressClass =
  | "public"
  | "private"
  | "loopback"
  | "self"
  | "link-local"
  | "metadata"
  | "unspecified"
  | "reserved"
  | "multicast"
  | "broadcast"
  | "documentation"
  | "benchmarking"
  | "invalid";

/** Never reachable, whatever the endpoint allows. */
const NEVER: ReadonlySet<AddressClass> = new Set<AddressClass>([
  "metadata",
  "link-local",
  "unspecified",
  "reserved",
  "multicast",
  "broadcast",
  "documentation",
  "benchmarking",
  "invalid",
]);

/** When an address carries several verdicts (a prefix and the IPv4 inside it), the worst wins. */
const SEVERITY: Record<AddressClass, number> = {
  public: 0,
  private: 1,
  self: 2,
  loopback: 3,
  benchmarking: 4,
  documentation: 5,
  reserved: 6,
  multicast: 7,
  broadcast: 8,
  unspecified: 9,
  "link-local": 10,
  metadata: 11,
  invalid: 12,
};

// ---------------------------------------------------------------------------------------------
// Parsing text to bytes

function parseIPv4Number(part: string): number | null {
  if (part === "") return null;
  let radix = 10;
  let digits = part;
  if (/^0x/i.test(part)) {
    radix = 16;
    digits = part.slice(2);
  } else if (part.length > 1 && part.startsWith("0")) {
    radix = 8;
    digits = part.slice(1);
  }
  if (digits === "") return 0; // "0x" alone is 0, as the URL parser reads it
  const ok = radix === 16 ? /^[0-9a-f]+$/i : radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
  if (!ok.test(digits)) return null;
  const n = parseInt(digits, radix);
  return Number.isSafeInteger(n) ? n : null;
}

/**
 * IPv4 in every form the WHATWG URL parser (and inet_aton) accepts: 1 to 4 parts, each decimal,
 * octal (leading 0) or hex (0x), the last part filling the remaining bytes; one trailing dot.
 * `new URL("http://0x7f.1/").hostname` is "127.0.0.1", and so is this parser's answer.
 */
export function parseIPv4(text: string): Uint8Array | null {
  const parts = text.split(".");
  if (parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
  if (parts.length < 1 || parts.length > 4) return null;
  const nums: number[] = [];
  for (const p of parts) {
    const n = parseIPv4Number(p);
    if (n === null) return null;
    nums.push(n);
  }
  const last = nums.pop()!;
  if (nums.some((n) => n > 255)) return null;
  if (last >= 256 ** (4 - nums.length)) return null;
  const out = new Uint8Array(4);
  nums.forEach((n, i) => (out[i] = n));
  let rest = last;
  for (let i = 3; i >= nums.length; i--) {
    out[i] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  return out;
}

/** A strict dotted quad (the tail of an IPv6 address): 4 decimal parts, no leading zeros. */
function parseDottedQuad(text: string): number[] | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    out.push(n);
  }
  return out;
}

/**
 * IPv6 text to 16 bytes: optional brackets, `::` compression, 1–4 hex digits per group, an
 * embedded dotted-quad tail, a zone id (`%eth0`, ignored: the bytes decide).
 */
export function parseIPv6(text: string): Uint8Array | null {
  let s = text;
  if (s.startsWith("[") && s.endsWith("]")) s = s.slice(1, -1);
  const pct = s.indexOf("%");
  if (pct !== -1) {
    if (pct === s.length - 1) return null; // an empty zone id
    s = s.slice(0, pct);
  }
  if (!s.includes(":")) return null;
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const groupsOf = (h: string): number[] | null => {
    if (h === "") return [];
    const out: number[] = [];
    const items = h.split(":");
    for (let i = 0; i < items.length; i++) {
      const g = items[i];
      if (i === items.length - 1 && g.includes(".")) {
        const q = parseDottedQuad(g);
        if (!q) return null;
        out.push((q[0] << 8) | q[1], (q[2] << 8) | q[3]);
      } else {
        if (!/^[0-9a-f]{1,4}$/i.test(g)) return null;
        out.push(parseInt(g, 16));
      }
    }
    return out;
  };
  const head = groupsOf(halves[0]);
  if (!head) return null;
  let groups: number[];
  if (halves.length === 2) {
    const tail = groupsOf(halves[1]);
    if (!tail) return null;
    // A dotted tail may only end the address.
    if (halves[0].includes(".")) return null;
    if (head.length + tail.length > 7) return null;
    groups = [...head, ...new Array(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    groups = head;
    if (groups.length !== 8) return null;
  }
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

/** 4 bytes for IPv4, 16 for IPv6, or null if the text is not an IP address. */
export function parseAddress(text: string): Uint8Array | null {
  const s = text.trim();
  if (s.includes(":")) return parseIPv6(s);
  return parseIPv4(s);
}

/** Dotted quad, or RFC 5952 IPv6 (lowercase, longest run of zero groups compressed). */
export function formatAddress(b: Uint8Array): string {
  if (b.length === 4) return Array.from(b).join(".");
  const g: number[] = [];
  for (let i = 0; i < 16; i += 2) g.push((b[i] << 8) | b[i + 1]);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (xs: number[]) => xs.map((x) => x.toString(16)).join(":");
  if (best === -1) return hex(g);
  return `${hex(g.slice(0, best))}::${hex(g.slice(best + bestLen))}`;
}

// ---------------------------------------------------------------------------------------------
// Ranges

interface Range {
  cidr: string;
  net: Uint8Array;
  len: number;
  class: AddressClass;
  name: string;
}

function range(cidr: string, cls: AddressClass, name: string): Range {
  const [addr, len] = cidr.split("/");
  const net = parseAddress(addr);
  if (!net) throw new Error(`bad range ${cidr}`);
  return { cidr, net, len: Number(len), class: cls, name };
}

function inRange(b: Uint8Array, r: Range): boolean {
  if (b.length !== r.net.length) return false;
  const full = Math.floor(r.len / 8);
  for (let i = 0; i < full; i++) if (b[i] !== r.net[i]) return false;
  const bits = r.len % 8;
  if (bits === 0) return true;
  const mask = (0xff << (8 - bits)) & 0xff;
  return (b[full] & mask) === (r.net[full] & mask);
}

// First match wins: more specific blocks come before the blocks that contain them.
// Sources: IANA IPv4 Special-Purpose Address Registry (RFC 6890 and later updates); cloud
// providers' documentation for the metadata addresses.
const V4_RANGES: Range[] = [
  range("169.254.169.254/32", "metadata", "cloud metadata service (AWS, GCP, Azure, OCI, DigitalOcean)"),
  range("100.100.100.200/32", "metadata", "Alibaba Cloud metadata service"),
  range("168.63.129.16/32", "metadata", "Azure platform endpoint (WireServer)"),
  range("0.0.0.0/8", "unspecified", '"this network", RFC 1122'),
  range("127.0.0.0/8", "loopback", "loopback 127.0.0.0/8, RFC 1122"),
  range("169.254.0.0/16", "link-local", "link-local 169.254.0.0/16, RFC 3927"),
  range("10.0.0.0/8", "private", "private-use 10.0.0.0/8, RFC 1918"),
  range("172.16.0.0/12", "private", "private-use 172.16.0.0/12, RFC 1918"),
  range("192.168.0.0/16", "private", "private-use 192.168.0.0/16, RFC 1918"),
  range("100.64.0.0/10", "private", "shared address space (carrier-grade NAT) 100.64.0.0/10, RFC 6598"),
  range("192.0.0.9/32", "public", "PCP anycast, RFC 7723"),
  range("192.0.0.10/32", "public", "TURN anycast, RFC 8155"),
  range("192.0.0.0/24", "reserved", "IETF protocol assignments 192.0.0.0/24, RFC 6890"),
  range("192.0.2.0/24", "documentation", "documentation TEST-NET-1 192.0.2.0/24, RFC 5737"),
  range("198.51.100.0/24", "documentation", "documentation TEST-NET-2 198.51.100.0/24, RFC 5737"),
  range("203.0.113.0/24", "documentation", "documentation TEST-NET-3 203.0.113.0/24, RFC 5737"),
  range("192.88.99.0/24", "reserved", "deprecated 6to4 relay anycast 192.88.99.0/24, RFC 7526"),
  range("198.18.0.0/15", "benchmarking", "benchmarking 198.18.0.0/15, RFC 2544"),
  range("224.0.0.0/4", "multicast", "multicast 224.0.0.0/4, RFC 5771"),
  range("255.255.255.255/32", "broadcast", "limited broadcast 255.255.255.255, RFC 919"),
  range("240.0.0.0/4", "reserved", "reserved 240.0.0.0/4, RFC 1112"),
];

// Source: IANA IPv6 Special-Purpose Address Registry; IANA IPv6 Address Space (only 2000::/3 is
// allocated as global unicast, so everything else not listed here is reserved).
// The IPv4-embedding prefixes (::ffff:0:0/96, ::/96, ::ffff:0:0:0/96, 64:ff9b::/96,
// 64:ff9b:1::/48, 2002::/16, 2001::/32) are decoded in classifyIPv6 before this table.
const V6_RANGES: Range[] = [
  range("::/128", "unspecified", "unspecified ::/128, RFC 4291"),
  range("::1/128", "loopback", "loopback ::1/128, RFC 4291"),
  range("fd00:ec2::254/128", "metadata", "AWS metadata service (IPv6)"),
  range("100::/64", "reserved", "discard-only 100::/64, RFC 6666"),
  range("2001:1::1/128", "public", "PCP anycast, RFC 7723"),
  range("2001:1::2/128", "public", "TURN anycast, RFC 8155"),
  range("2001:1::3/128", "public", "DNS-SD SRP anycast, RFC 9665"),
  range("2001:2::/48", "benchmarking", "benchmarking 2001:2::/48, RFC 5180"),
  range("2001:3::/32", "public", "AMT, RFC 7450"),
  range("2001:4:112::/48", "public", "AS112-v6, RFC 7535"),
  range("2001:10::/28", "reserved", "deprecated ORCHID 2001:10::/28, RFC 4843"),
  range("2001:20::/28", "reserved", "ORCHIDv2 2001:20::/28 (identifiers, not locators), RFC 7343"),
  range("2001:30::/28", "reserved", "DRIP entity tags 2001:30::/28 (identifiers, not locators), RFC 9374"),
  range("2001::/23", "reserved", "IETF protocol assignments 2001::/23, RFC 2928"),
  range("2001:db8::/32", "documentation", "documentation 2001:db8::/32, RFC 3849"),
  range("3fff::/20", "documentation", "documentation 3fff::/20, RFC 9637"),
  range("5f00::/16", "reserved", "SRv6 SIDs 5f00::/16, RFC 9602"),
  range("fc00::/7", "private", "unique-local fc00::/7, RFC 4193"),
  range("fe80::/10", "link-local", "link-local fe80::/10, RFC 4291"),
  range("fec0::/10", "private", "deprecated site-local fec0::/10, RFC 3879"),
  range("ff00::/8", "multicast", "multicast ff00::/8, RFC 4291"),
  range("2000::/3", "public", "global unicast"),
  range("::/0", "reserved", "outside global unicast 2000::/3 (IANA IPv6 address space)"),
];

// ---------------------------------------------------------------------------------------------
// This machine's own addresses

export interface SelfInfo {
  addresses: Uint8Array[];
  broadcasts: Uint8Array[];
}

/** The shape of `os.networkInterfaces()`, the part read here. */
export type Interfaces = Record<string, { address: string; netmask: string }[] | undefined>;

/** This machine's addresses and IPv4 broadcast addresses, from its interface list. */
export function selfInfoFrom(ifaces: Interfaces): SelfInfo {
  const addresses: Uint8Array[] = [];
  const broadcasts: Uint8Array[] = [];
  for (const list of Object.values(ifaces)) {
    for (const i of list ?? []) {
      const a = parseAddress(i.address);
      if (!a) continue;
      addresses.push(a);
      const m = parseAddress(i.netmask);
      if (a.length === 4 && m && m.length === 4) {
        const ones = Array.from(m).reduce((n, x) => n + x.toString(2).replace(/0/g, "").length, 0);
        if (ones < 31) broadcasts.push(Uint8Array.from(a, (x, k) => x | (~m[k] & 0xff)));
      }
    }
  }
  return { addresses, broadcasts };
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

// ---------------------------------------------------------------------------------------------
// Classification

export interface Classification {
  class: AddressClass;
  /** Canonical text of the address. */
  address: string;
  /** Which rule decided, e.g. "loopback 127.0.0.0/8, RFC 1122". */
  why: string;
  /** Where to connect for this address (the IPv4 itself for an IPv4-mapped address). */
  connect?: { address: string; family: 4 | 6 };
}

function classifyBytes4(b: Uint8Array, self: SelfInfo): { class: AddressClass; why: string } {
  const r = V4_RANGES.find((x) => inRange(b, x));
  const cls = r?.class ?? "public";
  const why = r?.name ?? "public";
  if (cls === "public" || cls === "private") {
    if (self.broadcasts.some((x) => sameBytes(x, b))) return { class: "broadcast", why: "broadcast address of this machine's subnet" };
    if (self.addresses.some((x) => sameBytes(x, b))) return { class: "self", why: "an address of this machine's own network interfaces" };
  }
  return { class: cls, why };
}

function v4At(b: Uint8Array, idx: number[], xor = 0): Uint8Array {
  return Uint8Array.from(idx, (i) => b[i] ^ xor);
}

function zeros(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (b[i] !== 0) return false;
  return true;
}

interface Embedding {
  /** How the IPv4 address is carried, e.g. "IPv4-mapped ::ffff:0:0/96". */
  via: string;
  v4: Uint8Array;
}

/** Every IPv4 address this IPv6 address carries, and the verdict of the prefix itself (if any). */
function embeddings(b: Uint8Array): { floor?: { class: AddressClass; why: string }; list: Embedding[] } | null {
  const w = (i: number) => (b[i] << 8) | b[i + 1];
  const low32 = [12, 13, 14, 15];
  // ::ffff:0:0/96 IPv4-mapped (RFC 4291): on a dual-stack socket this IS the IPv4 address.
  if (zeros(b, 0, 10) && w(10) === 0xffff) return { list: [{ via: "IPv4-mapped ::ffff:0:0/96", v4: v4At(b, low32) }] };
  // ::ffff:0:0:0/96 IPv4-translated (RFC 2765, obsoleted by RFC 6145).
  if (zeros(b, 0, 8) && w(8) === 0xffff && w(10) === 0) {
    return { floor: { class: "reserved", why: "IPv4-translated ::ffff:0:0:0/96, obsolete (RFC 6145)" }, list: [{ via: "IPv4-translated ::ffff:0:0:0/96", v4: v4At(b, low32) }] };
  }
  // ::/96 IPv4-compatible (deprecated, RFC 4291 §2.5.5.1); :: and ::1 are decided before this.
  if (zeros(b, 0, 12)) {
    return { floor: { class: "reserved", why: "IPv4-compatible ::/96, deprecated (RFC 4291)" }, list: [{ via: "IPv4-compatible ::/96", v4: v4At(b, low32) }] };
  }
  // 64:ff9b::/96 NAT64 well-known prefix (RFC 6052): globally reachable, so the IPv4 decides.
  if (w(0) === 0x64 && w(2) === 0xff9b && zeros(b, 4, 12)) return { list: [{ via: "NAT64 64:ff9b::/96", v4: v4At(b, low32) }] };
  // 64:ff9b:1::/48 local-use NAT64 (RFC 8215): not globally reachable. The translator may use any
  // RFC 6052 layout inside it, so the IPv4 is read at every one and the worst decides.
  if (w(0) === 0x64 && w(2) === 0xff9b && w(4) === 1) {
    return {
      floor: { class: "private", why: "local-use NAT64 64:ff9b:1::/48, RFC 8215" },
      list: [
        { via: "local-use NAT64 64:ff9b:1::/48 (/96 layout)", v4: v4At(b, low32) },
        { via: "local-use NAT64 64:ff9b:1::/48 (/64 layout)", v4: v4At(b, [9, 10, 11, 12]) },
        { via: "local-use NAT64 64:ff9b:1::/48 (/56 layout)", v4: v4At(b, [7, 9, 10, 11]) },
        { via: "local-use NAT64 64:ff9b:1::/48 (/48 layout)", v4: v4At(b, [6, 7, 9, 10]) },
      ],
    };
  }
  // 2002::/16 6to4 (RFC 3056): the IPv4 address is in bytes 2–5.
  if (w(0) === 0x2002) return { list: [{ via: "6to4 2002::/16", v4: v4At(b, [2, 3, 4, 5]) }] };
  // 2001::/32 Teredo (RFC 4380): the server in bytes 4–7, the client's address inverted in the last 4.
  if (w(0) === 0x2001 && w(2) === 0) {
    return {
      list: [
        { via: "Teredo 2001::/32 client", v4: v4At(b, low32, 0xff) },
        { via: "Teredo 2001::/32 server", v4: v4At(b, [4, 5, 6, 7]) },
      ],
    };
  }
  return null;
}

const V6_UNSPECIFIED = V6_RANGES[0];
const V6_LOOPBACK = V6_RANGES[1];

function classifyBytes6(b: Uint8Array, self: SelfInfo): { class: AddressClass; why: string; mapped?: Uint8Array } {
  if (inRange(b, V6_UNSPECIFIED)) return { class: V6_UNSPECIFIED.class, why: V6_UNSPECIFIED.name };
  if (inRange(b, V6_LOOPBACK)) return { class: V6_LOOPBACK.class, why: V6_LOOPBACK.name };
  const emb = embeddings(b);
  if (emb) {
    // Each carried IPv4 address is judged; the worst verdict wins (the first one on a tie).
    const verdicts = emb.list.map((e) => {
      const c = classifyBytes4(e.v4, self);
      return { class: c.class, why: `${e.via} form of ${formatAddress(e.v4)}: ${c.why}` };
    });
    let best = verdicts[0];
    for (const v of verdicts) if (SEVERITY[v.class] > SEVERITY[best.class]) best = v;
    // A prefix that is itself not globally reachable is a floor under the IPv4 address's verdict.
    if (emb.floor && SEVERITY[emb.floor.class] > SEVERITY[best.class]) {
      best = { class: emb.floor.class, why: `${emb.floor.why}, carrying ${formatAddress(emb.list[0].v4)} (${verdicts[0].class})` };
    }
    const mapped = emb.list[0].via.startsWith("IPv4-mapped") ? emb.list[0].v4 : undefined;
    return { ...best, mapped };
  }
  const r = V6_RANGES.find((x) => inRange(b, x))!;
  if ((r.class === "public" || r.class === "private") && self.addresses.some((x) => sameBytes(x, b))) {
    return { class: "self", why: "an address of this machine's own network interfaces" };
  }
  return { class: r.class, why: r.name };
}

/** The full verdict on one address (text in any form the parsers accept). */
export function describeAddress(ip: string, self: SelfInfo): Classification {
  const b = parseAddress(ip);
  if (!b) return { class: "invalid", address: ip, why: "not an IP address" };
  const address = formatAddress(b);
  if (b.length === 4) {
    const c = classifyBytes4(b, self);
    return { ...c, address, connect: { address, family: 4 } };
  }
  const c = classifyBytes6(b, self);
  const connect = c.mapped ? { address: formatAddress(c.mapped), family: 4 as const } : { address, family: 6 as const };
  return { class: c.class, why: c.why, address, connect };
}

export function classifyAddress(ip: string, self: SelfInfo): AddressClass {
  return describeAddress(ip, self).class;
}

export interface UrlCheck {
  ok: boolean;
  reason?: string;
}

export function checkUrlShape(text: string): UrlCheck & { url?: URL } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: "not a valid URL" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, reason: "only http and https URLs are allowed" };
  if (url.username || url.password) return { ok: false, reason: "credentials in the URL are not allowed; use extra headers" };
  return { ok: true, url };
}

const article = (c: string) => (/^[aeiu]/.test(c) ? "an" : "a");

/** `subject` is how the reason starts, e.g. "example.com resolves to 10.0.0.1, which". */
function verdict(subject: string, c: Classification, allowPrivate: boolean): UrlCheck & { class: AddressClass } {
  if (NEVER.has(c.class)) return { ok: false, class: c.class, reason: `${subject} is ${article(c.class)} ${c.class} address (${c.why}), which webhooks may never reach` };
  if (c.class !== "public" && !allowPrivate) {
    return { ok: false, class: c.class, reason: `${subject} is ${article(c.class)} ${c.class} address (${c.why}); allow private networks on the endpoint to use it` };
  }
  return { ok: true, class: c.class };
}

const named = (shown: string, c: Classification) => (shown === c.address ? shown : `${shown} (${c.address})`);

/** Whether webhooks may reach `ip`; the reason names the address and the rule. */
export function checkAddress(ip: string, allowPrivate: boolean, self: SelfInfo): UrlCheck & { class: AddressClass } {
  const c = describeAddress(ip, self);
  return verdict(named(ip, c), c, allowPrivate);
}

// ---------------------------------------------------------------------------------------------
// Judging a URL and the addresses its host resolved to

export interface Destination {
  url: URL;
  /** The host as in the URL, without brackets: for the Host header, TLS SNI and certificate. */
  hostname: string;
  /** The URL names an IP address rather than a DNS name. */
  literal: boolean;
  port: number;
  /** Every address the host resolved to, each checked; a connection may use only these. */
  addresses: { address: string; family: 4 | 6 }[];
}

export type DestinationCheck =
  | { ok: true; destination: Destination }
  /** `rule`: "url" (shape), "dns" (cannot resolve) or "network" (an address the rules refuse). */
  | { ok: false; rule: "url" | "dns" | "network"; reason: string };

/** A URL taken apart for judging: whether its host is an address literal, or a name to resolve. */
export type DestinationTarget =
  | { ok: false; check: DestinationCheck }
  | { ok: true; url: URL; hostname: string; port: number; literal: boolean };

/** The URL's shape and host; `isIpText` is the platform's own "is this an IP address" test. */
export function destinationTarget(text: string, isIpText: (s: string) => boolean): DestinationTarget {
  const shape = checkUrlShape(text);
  if (!shape.ok) return { ok: false, check: { ok: false, rule: "url", reason: shape.reason! } };
  const url = shape.url!;
  const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
  const bracketed = url.hostname.startsWith("[");
  const hostname = bracketed ? url.hostname.slice(1, -1) : url.hostname;
  // The URL parser has already rewritten every IPv4 form (0x7f.1, 2130706433, …) to a dotted quad.
  const literalBytes = bracketed ? parseIPv6(hostname) : parseIPv4(hostname);
  if (bracketed && !literalBytes) return { ok: false, check: { ok: false, rule: "network", reason: `${hostname} is an IPv6 address form these rules do not read` } };
  if (!literalBytes && isIpText(hostname)) return { ok: false, check: { ok: false, rule: "network", reason: `${hostname} is an IP address form these rules do not read` } };
  return { ok: true, url, hostname, port, literal: Boolean(literalBytes) };
}

/**
 * The verdict on a destination: every address must pass. `answers` is the resolver's list for a
 * DNS name (ignored for an address literal), or the resolver's error code.
 */
export function judgeDestination(
  target: Extract<DestinationTarget, { ok: true }>,
  answers: { address: string }[] | { error: string | undefined },
  allowPrivate: boolean,
  self: SelfInfo,
): DestinationCheck {
  const { url, hostname, port, literal } = target;
  const checked: { address: string; family: 4 | 6 }[] = [];
  if (literal) {
    const c = describeAddress(hostname, self);
    const v = verdict(named(hostname, c), c, allowPrivate);
    if (!v.ok) return { ok: false, rule: "network", reason: v.reason! };
    checked.push(c.connect!);
  } else {
    if (!Array.isArray(answers)) return { ok: false, rule: "dns", reason: `cannot resolve ${hostname}${answers.error ? ` (${answers.error})` : ""}` };
    if (answers.length === 0) return { ok: false, rule: "dns", reason: `cannot resolve ${hostname} (no addresses)` };
    for (const a of answers) {
      const c = describeAddress(a.address, self);
      const v = verdict(`${hostname} resolves to ${named(a.address, c)}, which`, c, allowPrivate);
      if (!v.ok) return { ok: false, rule: "network", reason: v.reason! };
      if (!checked.some((x) => x.address === c.connect!.address)) checked.push(c.connect!);
    }
  }
  return { ok: true, destination: { url, hostname, literal, port, addresses: checked } };
}
