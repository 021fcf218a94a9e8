// Webhook SSRF rules (lib/webhooks/ssrf.ts) and how a delivery attempt connects
// (server/workers/delivery.ts): addresses judged by their bytes in every textual form and every IPv6
// embedding of IPv4; a real loopback receiver that a refused attempt must never reach; and DNS
// answers that change between the check and the connection.
import dns from "node:dns";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import type { AddressInfo } from "node:net";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { DeliveryRow, EndpointRow } from "@/clickhouse/queries/webhooks";
import { sealSecret as seal } from "@/server/services/secrets";
import { verify } from "@/lib/webhooks/sign";
import {
  checkAddress,
  checkUrlShape,
  classifyAddress,
  describeAddress,
  formatAddress,
  parseAddress,
  parseIPv4,
  parseIPv6,
  type AddressClass,
} from "@/lib/webhooks/ssrf";
import { localAddresses, resolveDestination, type Resolver } from "@/server/services/webhook-destination";

// Short, so the "receiver never answers" case is quick; read when delivery.ts is first imported.
process.env.QUANTLENS_WEBHOOK_TIMEOUT_MS = "1500";
process.env.QUANTLENS_SECRET_KEY ??= "ssrf-unit-test-key";
let attempt: typeof import("@/server/workers/delivery").attempt;
beforeAll(async () => {
  ({ attempt } = await import("@/server/workers/delivery"));
});

/** This machine, as the classifier sees it: only loopback, unless a test says otherwise. */
const LOOPBACK_ONLY: ReturnType<typeof os.networkInterfaces> = {
  lo: [
    { address: "127.0.0.1", netmask: "255.0.0.0", family: "IPv4", mac: "00:00:00:00:00:00", internal: true, cidr: "127.0.0.1/8" },
    { address: "::1", netmask: "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", family: "IPv6", mac: "00:00:00:00:00:00", internal: true, cidr: "::1/128", scopeid: 0 },
  ],
};

const NEVER: AddressClass[] = ["metadata", "link-local", "unspecified", "reserved", "multicast", "broadcast", "documentation", "benchmarking", "invalid"];

const WORSE_THAN_RESERVED: AddressClass[] = ["metadata", "link-local", "unspecified", "broadcast", "multicast"];

const hex4 = (n: number) => n.toString(16);
const v4bytes = (ip: string) => ip.split(".").map(Number);
/** The two 16-bit groups of an IPv4 address, as hex, optionally XORed (Teredo). */
function groups(ip: string, xor = 0): [string, string] {
  const b = v4bytes(ip).map((x) => x ^ xor);
  return [hex4((b[0] << 8) | b[1]), hex4((b[2] << 8) | b[3])];
}

interface Form {
  form: string;
  via: string;
  /** The class this form must get, or null where only "refused either way" is asserted. */
  expect: AddressClass | null;
}

/** Every way this IPv4 address can be written, or carried inside IPv6. */
function formsOf(ip: string, cls: AddressClass): Form[] {
  const [g1, g2] = groups(ip);
  const b = v4bytes(ip);
  const u32 = ((b[0] << 24) >>> 0) + (b[1] << 16) + (b[2] << 8) + b[3];
  // A deprecated embedding is "reserved" itself; the carried address decides only when worse.
  const floorReserved: AddressClass = WORSE_THAN_RESERVED.includes(cls) ? cls : "reserved";
  const forms: Form[] = [
    { form: ip, via: "dotted", expect: cls },
    { form: String(u32), via: "one decimal number (URL parser form)", expect: cls },
    { form: `0x${u32.toString(16)}`, via: "one hex number", expect: cls },
    { form: b.map((x) => `0${x.toString(8)}`).join("."), via: "octal parts with leading zeros", expect: cls },
    { form: `${ip}.`, via: "trailing dot", expect: cls },
    { form: `::ffff:${ip}`, via: "IPv4-mapped, dotted tail", expect: cls },
    { form: `::ffff:${g1}:${g2}`, via: "IPv4-mapped, hex", expect: cls },
    { form: new URL(`http://[::ffff:${ip}]/`).hostname, via: "IPv4-mapped as new URL().hostname gives it", expect: cls },
    { form: `0:0:0:0:0:FFFF:${g1.toUpperCase().padStart(4, "0")}:${g2.toUpperCase().padStart(4, "0")}`, via: "IPv4-mapped, uncompressed upper case", expect: cls },
    { form: `::ffff:${ip}%eth0`, via: "IPv4-mapped with a zone id", expect: cls },
    { form: `::ffff:0:${ip}`, via: "IPv4-translated", expect: floorReserved },
    { form: `64:ff9b::${ip}`, via: "NAT64 64:ff9b::/96", expect: cls },
    { form: new URL(`http://[64:ff9b::${ip}]/`).hostname, via: "NAT64 as new URL().hostname gives it", expect: cls },
    { form: `64:ff9b:1::${ip}`, via: "local-use NAT64 64:ff9b:1::/48, /96 layout", expect: null },
    { form: `64:ff9b:1:${hex4((b[0] << 8) | b[1])}:${hex4(b[2])}:${hex4(b[3] << 8)}::`, via: "local-use NAT64 64:ff9b:1::/48, /48 layout", expect: null },
    { form: `2002:${g1}:${g2}::1`, via: "6to4 2002::/16", expect: cls },
    { form: `2001:0:4136:e378:8000:63bf:${groups(ip, 0xff).join(":")}`, via: "Teredo client (XORed), public server", expect: cls },
    { form: `2001:0:${g1}:${g2}:8000:63bf:f7f7:f7f7`, via: "Teredo server, public client 8.8.8.8", expect: cls },
  ];
  // ::a.b.c.d with a.b.c == 0 is :: or ::1 itself, not an embedding.
  if (!(b[0] === 0 && b[1] === 0 && b[2] === 0)) {
    forms.push({ form: `::${ip}`, via: "IPv4-compatible", expect: floorReserved });
    forms.push({ form: new URL(`http://[::${ip}]/`).hostname, via: "IPv4-compatible as new URL().hostname gives it", expect: floorReserved });
  }
  return forms;
}

// Each range with its edges. Sources: IANA IPv4 Special-Purpose Address Registry; cloud docs.
const V4_RANGES: { name: string; cls: AddressClass; ips: string[] }[] = [
  { name: "loopback 127/8", cls: "loopback", ips: ["127.0.0.1", "127.0.0.0", "127.255.255.255", "127.1.2.3"] },
  { name: "private 10/8", cls: "private", ips: ["10.0.0.1", "10.0.0.0", "10.255.255.255"] },
  { name: "private 172.16/12", cls: "private", ips: ["172.16.0.0", "172.20.1.1", "172.31.255.255"] },
  { name: "private 192.168/16", cls: "private", ips: ["192.168.0.0", "192.168.1.1", "192.168.255.255"] },
  { name: "CGN 100.64/10", cls: "private", ips: ["100.64.0.0", "100.100.1.1", "100.127.255.255"] },
  { name: "link-local 169.254/16", cls: "link-local", ips: ["169.254.0.0", "169.254.1.1", "169.254.255.255"] },
  { name: "metadata", cls: "metadata", ips: ["169.254.169.254", "100.100.100.200", "168.63.129.16"] },
  { name: "benchmarking 198.18/15", cls: "benchmarking", ips: ["198.18.0.0", "198.18.0.1", "198.19.255.255"] },
  { name: "documentation", cls: "documentation", ips: ["192.0.2.0", "192.0.2.255", "198.51.100.7", "203.0.113.0", "203.0.113.255"] },
  { name: "multicast 224/4", cls: "multicast", ips: ["224.0.0.0", "224.0.0.251", "239.255.255.255"] },
  { name: "broadcast", cls: "broadcast", ips: ["255.255.255.255"] },
  { name: "reserved 240/4, 192.0.0/24, 192.88.99/24", cls: "reserved", ips: ["240.0.0.0", "250.1.2.3", "255.255.255.254", "192.0.0.0", "192.0.0.8", "192.0.0.170", "192.0.0.255", "192.88.99.1"] },
  { name: "unspecified 0/8", cls: "unspecified", ips: ["0.0.0.0", "0.1.2.3", "0.255.255.255"] },
];

const V6_RANGES: { name: string; cls: AddressClass; ips: string[] }[] = [
  { name: "loopback ::1", cls: "loopback", ips: ["::1", "0:0:0:0:0:0:0:1", "0000:0000:0000:0000:0000:0000:0000:0001", "::1%lo", "[::1]"] },
  { name: "unspecified ::", cls: "unspecified", ips: ["::", "0::0", "0:0:0:0:0:0:0:0", "[::]"] },
  { name: "link-local fe80::/10", cls: "link-local", ips: ["fe80::1", "fe80::1%eth0", "FE80::ABCD%25", "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff"] },
  { name: "unique-local fc00::/7, site-local fec0::/10", cls: "private", ips: ["fc00::", "fd12:3456:789a::1", "fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "fec0::1", "feff:ffff::1"] },
  { name: "metadata fd00:ec2::254", cls: "metadata", ips: ["fd00:ec2::254", "FD00:EC2:0:0:0:0:0:254", "fd00:ec2::254%eth0"] },
  { name: "multicast ff00::/8", cls: "multicast", ips: ["ff00::", "ff02::1", "ff05::1:3", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"] },
  { name: "documentation 2001:db8::/32, 3fff::/20", cls: "documentation", ips: ["2001:db8::", "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", "3fff::1", "3fff:fff:ffff::1"] },
  { name: "benchmarking 2001:2::/48", cls: "benchmarking", ips: ["2001:2::", "2001:2:0:ffff:ffff:ffff:ffff:ffff"] },
  {
    name: "reserved: discard, ORCHID, ORCHIDv2, DET, IETF 2001::/23, SRv6, outside 2000::/3",
    cls: "reserved",
    ips: ["100::", "100::ffff:ffff:ffff:ffff", "2001:10::1", "2001:1f:ffff::1", "2001:20::1", "2001:2f:ffff::1", "2001:30::1", "2001:100::1", "2001:1ff:ffff::1", "5f00::1", "5f00:ffff::1", "1fff:ffff::1", "4000::1", "::2:0:0:0", "1::", "fe00::1"],
  },
];

/** Must stay allowed without allow_private: edges of every blocked range, and public embeddings. */
const PUBLIC = [
  "8.8.8.8",
  "1.1.1.1",
  "93.184.216.34",
  "1.0.0.0",
  "9.255.255.255",
  "11.0.0.0",
  "100.63.255.255",
  "100.128.0.0",
  "126.255.255.255",
  "128.0.0.0",
  "169.253.255.255",
  "169.255.0.0",
  "172.15.255.255",
  "172.32.0.0",
  "192.167.255.255",
  "192.169.0.0",
  "192.0.0.9", // PCP anycast: globally reachable, inside 192.0.0.0/24
  "192.0.0.10", // TURN anycast, likewise
  "192.0.1.0",
  "192.0.3.0",
  "192.88.98.255",
  "192.88.100.0",
  "192.31.196.1",
  "192.52.193.1",
  "192.175.48.1",
  "198.17.255.255",
  "198.20.0.0",
  "198.51.99.255",
  "198.51.101.0",
  "203.0.112.255",
  "203.0.114.0",
  "223.255.255.255",
  "169.255.169.254", // just outside link-local
  "2606:4700::1111",
  "[2606:4700::1111]",
  "2606:4700:0000:0000:0000:0000:0000:1111",
  "2001:4860:4860::8888",
  "2000::1",
  "3fff:1000::1",
  "3fff:ffff::1",
  "2001:1::1",
  "2001:1::2",
  "2001:1::3",
  "2001:3::1",
  "2001:4:112::1",
  "2001:200::1",
  "2001:db7:ffff::1",
  "2001:db9::1",
  "::ffff:8.8.8.8",
  "::ffff:808:808",
  "64:ff9b::8.8.8.8",
  "64:ff9b::101:101",
  "2002:808:808::1",
  "2002:101:101::",
  "2001:0:4136:e378:8000:63bf:f7f7:f7f7", // Teredo: server 65.54.227.120, client 8.8.8.8
];

describe("address parsing", () => {
  it("reads every IPv6 spelling of one address to the same 16 bytes", () => {
    const want = Array.from(parseIPv6("::ffff:7f00:1")!);
    for (const t of ["::ffff:127.0.0.1", "::FFFF:127.0.0.1", "0:0:0:0:0:ffff:7f00:1", "0000:0000:0000:0000:0000:FFFF:7F00:0001", "[::ffff:7f00:1]", "::ffff:7f00:1%eth0", "0::ffff:7f00:0001"]) {
      expect(Array.from(parseIPv6(t)!), t).toEqual(want);
    }
    expect(want).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1]);
    expect(Array.from(parseIPv6("1:2:3:4:5:6:7::")!)).toEqual([0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 0]);
    expect(Array.from(parseIPv6("::2:3:4:5:6:7:8")!)).toEqual([0, 0, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 8]);
    expect(Array.from(parseIPv6("1:2:3:4:5:6:1.2.3.4")!)).toEqual([0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 1, 2, 3, 4]);
  });
  it("rejects malformed IPv6", () => {
    for (const t of ["1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1::2::3", "12345::1", "::g", ":::", ":1::", "1::2:", "1:2:3:4::5:6:7:8", "::ffff:127.0.0.01", "::ffff:1.2.3", "::ffff:256.0.0.1", "1.2.3.4::", "::1.2.3.4:5", "fe80::1%", "1:2:3:4:5:6:7:1.2.3.4", ""]) {
      expect(parseIPv6(t), t).toBeNull();
    }
  });
  it("reads the odd IPv4 forms exactly as the URL parser does", () => {
    for (const t of ["0x7f.1", "0x7f000001", "0X7F.0x0.0.1", "2130706433", "0177.0.0.1", "0177.00.00.01", "127.1", "127.0.1", "127.0.0.1.", "00000127.0.0.1", "0x.0x.0x.0x", "4294967295", "0xffffffff", "10.1", "192.168.257"]) {
      expect(formatAddress(parseIPv4(t)!), t).toBe(new URL(`http://${t}/`).hostname);
    }
    for (const t of ["08.1.1.1", "1.2.3.256", "4294967296", "1.2.3.4.5", "0x1g.1.1.1", "1..1", "256.1", "example.com"]) {
      expect(parseIPv4(t), t).toBeNull();
      if (/^[0-9.x]+$/i.test(t)) expect(() => new URL(`http://${t}/`), t).toThrow();
    }
  });
  it("formats canonically (RFC 5952)", () => {
    expect(formatAddress(parseAddress("1:0:0:1:0:0:0:1")!)).toBe("1:0:0:1::1");
    expect(formatAddress(parseAddress("0:0:1:0:0:1:0:0")!)).toBe("::1:0:0:1:0:0");
    expect(formatAddress(parseAddress("1:0:1:0:1:0:1:0")!)).toBe("1:0:1:0:1:0:1:0");
    expect(formatAddress(parseAddress("2001:DB8:0:0:0:0:0:1")!)).toBe("2001:db8::1");
    expect(formatAddress(parseAddress("0x7f.1")!)).toBe("127.0.0.1");
  });
});

describe("SSRF rules: every form of every range", () => {
  beforeEach(() => void vi.spyOn(os, "networkInterfaces").mockReturnValue(LOOPBACK_ONLY));
  afterEach(() => vi.restoreAllMocks());

  for (const r of V4_RANGES) {
    it(`IPv4 ${r.name}: dotted, odd, mapped, compatible, translated, NAT64, 6to4 and Teredo forms`, () => {
      for (const ip of r.ips) {
        for (const f of formsOf(ip, r.cls)) {
          const label = `${f.form} (${f.via} of ${ip})`;
          if (f.expect) expect(classifyAddress(f.form, localAddresses()), label).toBe(f.expect);
          const strict = checkAddress(f.form, false, localAddresses());
          expect(strict.ok, label).toBe(false);
          expect(strict.reason, label).toContain(f.form); // names the address …
          expect(strict.reason, label).toMatch(/\(.+\)/); // … and why
          const lenient = checkAddress(f.form, true, localAddresses());
          const allowedWithPrivate = f.expect !== null && !NEVER.includes(f.expect);
          expect(lenient.ok, `${label} with allow_private`).toBe(allowedWithPrivate);
          if (f.expect) expect(strict.reason, label).toContain(ip); // … and the IPv4 address inside
        }
      }
    });
  }

  for (const r of V6_RANGES) {
    it(`IPv6 ${r.name}`, () => {
      for (const ip of r.ips) {
        expect(classifyAddress(ip, localAddresses()), ip).toBe(r.cls);
        expect(checkAddress(ip, false, localAddresses()).ok, ip).toBe(false);
        expect(checkAddress(ip, true, localAddresses()).ok, `${ip} with allow_private`).toBe(!NEVER.includes(r.cls));
      }
    });
  }

  it("reads local-use NAT64 (64:ff9b:1::/48) at every RFC 6052 layout, and the worst decides", () => {
    // 169.254.169.254 in the /48 layout, 8.8.8.8 in the /96 one: still the metadata service.
    const hidden = "64:ff9b:1:a9fe:a9:fe00:808:808";
    expect(classifyAddress(hidden, localAddresses())).toBe("metadata");
    expect(checkAddress(hidden, true, localAddresses()).reason).toMatch(/169\.254\.169\.254.*metadata/);
    // Not globally reachable even when every layout decodes to a public address.
    const allPublic = "64:ff9b:1:808:8:808:808:808";
    expect(classifyAddress(allPublic, localAddresses())).toBe("private");
    expect(checkAddress(allPublic, false, localAddresses()).reason).toMatch(/64:ff9b:1::\/48/);
    expect(checkAddress(allPublic, true, localAddresses()).ok).toBe(true);
  });

  it("judges both Teredo addresses: the server in bits 32–63 and the inverted client", () => {
    expect(classifyAddress("2001:0:a9fe:a9fe:8000:63bf:f7f7:f7f7", localAddresses())).toBe("metadata"); // server
    expect(classifyAddress("2001:0:4136:e378:8000:63bf:5601:5601", localAddresses())).toBe("metadata"); // client ^ 0xff
    expect(classifyAddress("2001:0:4136:e378:8000:63bf:80ff:fffe", localAddresses())).toBe("loopback"); // client 127.0.0.1
    expect(classifyAddress("2001:0:4136:e378:8000:63bf:a9fe:a9fe", localAddresses())).toBe("public"); // not XORed: 86.1.86.1
  });

  it("keeps public addresses and public embeddings allowed", () => {
    for (const ip of PUBLIC) {
      expect(classifyAddress(ip, localAddresses()), ip).toBe("public");
      expect(checkAddress(ip, false, localAddresses()), ip).toEqual({ ok: true, class: "public" });
    }
  });

  it("never allows metadata or link-local; private only when allowed (the rules before this item)", () => {
    expect(checkAddress("169.254.169.254", true, localAddresses()).ok).toBe(false);
    expect(checkAddress("fe80::1", true, localAddresses()).ok).toBe(false);
    expect(checkAddress("10.0.0.1", false, localAddresses()).ok).toBe(false);
    expect(checkAddress("10.0.0.1", true, localAddresses()).ok).toBe(true);
    expect(checkAddress("127.0.0.1", false, localAddresses()).reason).toMatch(/allow private networks/);
    expect(checkAddress("not-an-ip", true, localAddresses())).toMatchObject({ ok: false, class: "invalid" });
  });

  it("connects to an IPv4-mapped address as its IPv4 address, and to other IPv6 as written", () => {
    expect(describeAddress("[::ffff:7f00:1]", localAddresses()).connect).toEqual({ address: "127.0.0.1", family: 4 });
    expect(describeAddress("2002:808:808::1", localAddresses()).connect).toEqual({ address: "2002:808:808::1", family: 6 });
    expect(describeAddress("0x08080808", localAddresses()).connect).toEqual({ address: "8.8.8.8", family: 4 });
  });
});

describe("SSRF rules: this machine's own addresses", () => {
  afterEach(() => vi.restoreAllMocks());

  it("treats the server's interface addresses (and its subnets' broadcast) like loopback", () => {
    vi.spyOn(os, "networkInterfaces").mockReturnValue({
      ...LOOPBACK_ONLY,
      eth0: [
        { address: "81.2.69.160", netmask: "255.255.255.0", family: "IPv4", mac: "02:00:00:00:00:01", internal: false, cidr: "81.2.69.160/24" },
        { address: "2a00:1450:4001::5", netmask: "ffff:ffff:ffff:ffff::", family: "IPv6", mac: "02:00:00:00:00:01", internal: false, cidr: "2a00:1450:4001::5/64", scopeid: 0 },
      ],
    });
    for (const ip of ["81.2.69.160", "::ffff:81.2.69.160", "::ffff:5102:45a0", "64:ff9b::5102:45a0", "2002:5102:45a0::1", "2a00:1450:4001::5", "2a00:1450:4001:0:0:0:0:5"]) {
      expect(classifyAddress(ip, localAddresses()), ip).toBe("self");
      expect(checkAddress(ip, false, localAddresses()).reason, ip).toMatch(/own network interfaces.*allow private networks/);
      expect(checkAddress(ip, true, localAddresses()).ok, ip).toBe(true);
    }
    expect(classifyAddress("81.2.69.255", localAddresses())).toBe("broadcast");
    expect(checkAddress("81.2.69.255", true, localAddresses()).ok).toBe(false);
    expect(classifyAddress("81.2.69.161", localAddresses())).toBe("public");
    expect(classifyAddress("2a00:1450:4001::6", localAddresses())).toBe("public");
  });

  it("refuses every real interface address of this machine without allow_private", () => {
    const mine = Object.values(os.networkInterfaces()).flatMap((l) => l ?? []).map((i) => i.address);
    expect(mine.length).toBeGreaterThan(0);
    for (const a of mine) expect(checkAddress(a, false, localAddresses()).ok, a).toBe(false);
  });
});

describe("SSRF rules: URLs and resolution", () => {
  beforeEach(() => void vi.spyOn(os, "networkInterfaces").mockReturnValue(LOOPBACK_ONLY));
  afterEach(() => vi.restoreAllMocks());

  const noDns: Resolver = async (h) => {
    throw new Error(`resolver called for ${h}`);
  };

  it("rejects non-http URLs and credentials in URLs", () => {
    expect(checkUrlShape("file:///etc/passwd").ok).toBe(false);
    expect(checkUrlShape("https://user:pw@example.com/").ok).toBe(false);
    expect(checkUrlShape("https://example.com/hook").ok).toBe(true);
  });

  it("judges IP literals in URLs by their bytes, without DNS", async () => {
    for (const u of ["http://[::ffff:127.0.0.1]:8080/", "http://[::ffff:7f00:1]/", "http://0x7f.1/", "http://2130706433/", "http://127.1/", "http://[::ffff:a00:1]/", "http://[2002:a00:1::]/", "http://[64:ff9b::10.0.0.1]/"]) {
      const r = await resolveDestination(u, false, noDns);
      expect(r, u).toMatchObject({ ok: false, rule: "network" });
      expect((await resolveDestination(u, true, noDns)).ok, `${u} with allow_private`).toBe(true);
    }
    for (const u of ["http://[::ffff:169.254.169.254]/", "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:a9fe:a9fe::]/", "http://[::ffff:a9fe:1]/", "http://0.0.0.0:8080/", "http://[::]/", "http://198.18.0.1/", "http://224.0.0.1/", "http://255.255.255.255/"]) {
      expect(await resolveDestination(u, true, noDns), u).toMatchObject({ ok: false, rule: "network" });
    }
    const ok = await resolveDestination("http://[::ffff:127.0.0.1]:8080/x?y=1", true, noDns);
    expect(ok).toMatchObject({ ok: true, destination: { literal: true, port: 8080, addresses: [{ address: "127.0.0.1", family: 4 }] } });
  });

  it("checks every address a name resolves to, once", async () => {
    let calls = 0;
    const answers =
      (...a: string[]): Resolver =>
      async () => {
        calls++;
        return a.map((address) => ({ address }));
      };
    const mixed = await resolveDestination("https://hooks.example/x", false, answers("8.8.8.8", "::ffff:a00:1"));
    expect(mixed).toMatchObject({ ok: false, rule: "network" });
    expect((mixed as { reason: string }).reason).toMatch(/^hooks\.example resolves to ::ffff:a00:1, which is a private address \(IPv4-mapped .*10\.0\.0\.1/);
    expect(calls).toBe(1);
    for (const bad of ["fe80::1%eth0", "::ffff:7f00:1", "64:ff9b::a9fe:a9fe", "2001:0:4136:e378:8000:63bf:80ff:fffe", "garbage"]) {
      expect(await resolveDestination("https://hooks.example/x", false, answers("8.8.8.8", bad)), bad).toMatchObject({ ok: false, rule: "network" });
    }
    const good = await resolveDestination("https://hooks.example:8443/x", false, answers("8.8.8.8", "2606:4700::1111", "8.8.8.8"));
    expect(good).toMatchObject({
      ok: true,
      destination: { hostname: "hooks.example", literal: false, port: 8443, addresses: [{ address: "8.8.8.8", family: 4 }, { address: "2606:4700::1111", family: 6 }] },
    });
    expect(await resolveDestination("https://hooks.example/x", false, answers())).toMatchObject({ ok: false, rule: "dns" });
    const failing: Resolver = async () => {
      throw Object.assign(new Error("nope"), { code: "ENOTFOUND" });
    };
    expect(await resolveDestination("https://hooks.example/x", false, failing)).toEqual({ ok: false, rule: "dns", reason: "cannot resolve hooks.example (ENOTFOUND)" });
  });

  it("is what endpoint creation checks", async () => {
    const { checkDestination } = await import("@/server/services/webhooks");
    expect(await checkDestination("http://[::ffff:127.0.0.1]/", false, noDns)).toMatch(/loopback/);
    expect(await checkDestination("http://[::ffff:127.0.0.1]/", true, noDns)).toBeNull();
    expect(await checkDestination("http://x.example/", false, async () => [{ address: "169.254.169.254" }])).toMatch(/metadata/);
  });
});

// ---------------------------------------------------------------------------------------------
// Delivery attempts against real sockets

interface Listener {
  port: number;
  connections: number;
  requests: { url: string; headers: http.IncomingHttpHeaders; body: string }[];
  close(): Promise<void>;
}

async function listen(host: string, port = 0, answer: (res: http.ServerResponse) => void = (res) => res.writeHead(200).end("ok")): Promise<Listener> {
  const self: Listener = { port: 0, connections: 0, requests: [], close: async () => undefined };
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      self.requests.push({ url: req.url ?? "", headers: req.headers, body });
      answer(res);
    });
  });
  server.on("connection", () => self.connections++);
  await new Promise<void>((r) => server.listen(port, host, r));
  self.port = (server.address() as AddressInfo).port;
  self.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  };
  return self;
}

function endpoint(url: string, allowPrivate: boolean): EndpointRow {
  return {
    id: "wh_ssrf",
    deployment: "",
    url,
    secret_enc: seal("whsec_ssrf"),
    previous_secret_enc: "",
    events: ["test"],
    headers: { "X-Team": seal("ml-platform") },
    allow_private: allowPrivate ? 1 : 0,
    rate_per_minute: 60,
    created_by: "test",
    created_at: "2026-01-01 00:00:00.000",
    disabled: 0,
  };
}

function delivery(): DeliveryRow {
  return {
    id: "dl_ssrf",
    endpoint_id: "wh_ssrf",
    event: "test",
    incident_id: "",
    deployment: "",
    idempotency_key: "idem_ssrf",
    payload: JSON.stringify({ hello: "world" }),
    state: "pending",
    attempts: 0,
    created_at: "2026-01-01 00:00:00.000",
    first_attempt_at: null,
    next_attempt_at: "2026-01-01 00:00:00.000",
    last_status: 0,
    last_error: "",
    last_latency_ms: 0,
  };
}

const isLoopback = (a: string) => /^127\./.test(a) || a === "::1" || /^::ffff:127\./i.test(a);

/**
 * Lets connections to loopback through and refuses (without a packet) every other one, recording
 * the addresses each connection was about to use. The resolution a socket does itself (its
 * `lookup`) is observed too, so the test sees exactly where a connection would have gone.
 */
function guardEgress() {
  const seen: string[] = [];
  const original = net.Socket.prototype.connect;
  const blocked = () => Object.assign(new Error("egress blocked by the test"), { code: "ETESTEGRESS" });
  const spy = vi.spyOn(net.Socket.prototype, "connect").mockImplementation(function (this: net.Socket, ...args: unknown[]) {
    const first = args[0];
    const opts = (Array.isArray(first) ? first[0] : first) as (net.TcpNetConnectOpts & { lookup?: net.LookupFunction }) | undefined;
    if (opts && typeof opts === "object" && opts.port !== undefined) {
      const host = opts.host ?? "localhost";
      if (net.isIP(host)) {
        seen.push(host);
        if (!isLoopback(host)) {
          process.nextTick(() => this.destroy(blocked()));
          return this;
        }
      } else {
        const inner = opts.lookup ?? (dns.lookup as unknown as net.LookupFunction);
        opts.lookup = (h, o, cb) =>
          inner(h, o, (err, address, family) => {
            if (err) return cb(err, address, family);
            const list = Array.isArray(address) ? address.map((a) => a.address) : [address];
            seen.push(...list);
            if (list.some((a) => !isLoopback(a))) return cb(blocked(), "", 0);
            cb(null, address, family);
          });
      }
    }
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  });
  return { seen, restore: () => spy.mockRestore() };
}

describe("delivery attempts connect only to checked addresses", () => {
  it("refuses http://[::ffff:127.0.0.1]:PORT/ without allow_private before any connection, and delivers with it", async () => {
    const srv = await listen("127.0.0.1");
    try {
      const url = `http://[::ffff:127.0.0.1]:${srv.port}/hook`;
      const refused = await attempt(delivery(), endpoint(url, false));
      expect(refused.refused).toMatch(/^refused by network rules: ::ffff:7f00:1 is a loopback address \(IPv4-mapped .*127\.0\.0\.1/);
      expect(refused.outcome).toEqual({ error: refused.refused });
      expect(refused.latencyMs).toBe(0);
      expect(srv.connections).toBe(0);
      expect(srv.requests).toHaveLength(0);

      const sent = await attempt(delivery(), endpoint(url, true));
      expect(sent.refused).toBeUndefined();
      expect(sent.outcome).toEqual({ status: 200, retryAfter: null });
      expect(sent.latencyMs).toBeGreaterThan(0);
      expect(srv.requests).toHaveLength(1);
      const got = srv.requests[0];
      expect(got.url).toBe("/hook");
      expect(got.body).toBe(JSON.stringify({ hello: "world" }));
      expect(got.headers).toMatchObject({
        host: `[::ffff:7f00:1]:${srv.port}`,
        "content-type": "application/json",
        "user-agent": "Quantlens-Webhook/1",
        "quantlens-event": "test",
        "quantlens-delivery": "dl_ssrf",
        "idempotency-key": "idem_ssrf",
        "x-team": "ml-platform",
      });
      expect(verify("whsec_ssrf", String(got.headers["quantlens-signature"]), Number(got.headers["quantlens-timestamp"]), got.body)).toBe(true);
    } finally {
      await srv.close();
    }
  });

  it("records a refused address as refused by network rules, never as a connect error", async () => {
    const srv = await listen("127.0.0.1");
    const port = srv.port;
    await srv.close(); // nothing listens there now: a connection would get ECONNREFUSED
    for (const url of [`http://127.0.0.1:${port}/`, `http://[::ffff:127.0.0.1]:${port}/`, `http://0x7f.1:${port}/`]) {
      const r = await attempt(delivery(), endpoint(url, false));
      expect(r.outcome, url).toEqual({ error: r.refused });
      expect(r.refused, url).toMatch(/^refused by network rules: .*loopback/);
      expect(r.refused, url).not.toMatch(/ECONN|EHOST|ENETUNREACH|ETIMEDOUT/);
    }
    // The same closed port with private networks allowed is an ordinary, retried network error.
    const open = await attempt(delivery(), endpoint(`http://127.0.0.1:${port}/`, true));
    expect(open).toMatchObject({ outcome: { error: "ECONNREFUSED" } });
    expect(open.refused).toBeUndefined();
  });

  it("a name that does not resolve is retried like a connection error, not dead-lettered; it delivers once DNS answers", async () => {
    const srv = await listen("127.0.0.1");
    try {
      let up = false;
      const flaky: Resolver = async () => {
        if (!up) throw Object.assign(new Error("getaddrinfo EAI_AGAIN hooks.example"), { code: "EAI_AGAIN" });
        return [{ address: "127.0.0.1", family: 4 }];
      };
      const e = endpoint(`http://hooks.example:${srv.port}/hook`, true);
      const down = await attempt(delivery(), e, { resolve: flaky });
      expect(down.refused).toBeUndefined();
      expect(down.outcome).toEqual({ error: "cannot resolve hooks.example (EAI_AGAIN)" });
      up = true;
      expect((await attempt(delivery(), e, { resolve: flaky })).outcome).toEqual({ status: 200, retryAfter: null });
    } finally {
      await srv.close();
    }
  });

  it("does not ask DNS again at connect time: a public answer at check time, 127.0.0.1 after, never reaches 127.0.0.1", async () => {
    const srv = await listen("127.0.0.1");
    let calls = 0;
    const rebinding: Resolver = async () => (++calls === 1 ? [{ address: "8.8.8.8", family: 4 }] : [{ address: "127.0.0.1", family: 4 }]);
    const guard = guardEgress();
    try {
      const r = await attempt(delivery(), endpoint(`http://rebind.example:${srv.port}/hook`, false), { resolve: rebinding });
      expect(srv.connections).toBe(0);
      expect(guard.seen).toEqual(["8.8.8.8"]); // the checked address, and nothing else
      expect(calls).toBe(1);
      expect(r.refused).toBeUndefined();
      expect(r.outcome).toEqual({ error: "ETESTEGRESS" });
    } finally {
      guard.restore();
      await srv.close();
    }
  });

  it("connects to the checked address with real sockets: 127.0.0.1 at check time, 127.0.0.2 after", async () => {
    const checkedSrv = await listen("127.0.0.1");
    const otherSrv = await listen("127.0.0.2", checkedSrv.port);
    let calls = 0;
    const rebinding: Resolver = async () => [{ address: ++calls === 1 ? "127.0.0.1" : "127.0.0.2", family: 4 }];
    try {
      const r = await attempt(delivery(), endpoint(`http://rebind.example:${checkedSrv.port}/hook`, true), { resolve: rebinding });
      expect(r.outcome).toEqual({ status: 200, retryAfter: null });
      expect(checkedSrv.requests).toHaveLength(1);
      expect(checkedSrv.requests[0].headers.host).toBe(`rebind.example:${checkedSrv.port}`);
      expect(otherSrv.connections).toBe(0);
      expect(calls).toBe(1);
    } finally {
      await checkedSrv.close();
      await otherSrv.close();
    }
  });

  it("opens a fresh connection per attempt: a kept-alive socket to an earlier answer is not reused", async () => {
    const first = await listen("127.0.0.1");
    const second = await listen("127.0.0.2", first.port);
    let answer = "127.0.0.1";
    const dnsNow: Resolver = async () => [{ address: answer, family: 4 }];
    try {
      const url = `http://rebind.example:${first.port}/hook`;
      expect((await attempt(delivery(), endpoint(url, true), { resolve: dnsNow })).outcome).toEqual({ status: 200, retryAfter: null });
      answer = "127.0.0.2"; // DNS changed; the next attempt's check says 127.0.0.2, so it must go there
      expect((await attempt(delivery(), endpoint(url, true), { resolve: dnsNow })).outcome).toEqual({ status: 200, retryAfter: null });
      expect(first.requests).toHaveLength(1);
      expect(second.requests).toHaveLength(1);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it("https: connects to the checked address, with SNI and the certificate check for the host name", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ssrf-tls-"));
    const keyFile = path.join(dir, "key.pem");
    const certFile = path.join(dir, "cert.pem");
    execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", keyFile, "-out", certFile, "-days", "1", "-subj", "/CN=rebind.example", "-addext", "subjectAltName=DNS:rebind.example"], { stdio: "ignore" });
    const creds = { key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile) };
    const sni: string[] = [];
    let requests = 0;
    const server = https.createServer(
      {
        ...creds,
        SNICallback: (name, cb) => {
          sni.push(name);
          cb(null, tls.createSecureContext(creds));
        },
      },
      (_req, res) => {
        requests++;
        res.writeHead(200).end();
      },
    );
    server.on("tlsClientError", () => undefined);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    let calls = 0;
    try {
      const r = await attempt(delivery(), endpoint(`https://rebind.example:${port}/hook`, true), {
        resolve: async () => (calls++, [{ address: "127.0.0.1", family: 4 }]),
      });
      // Self-signed: the certificate is checked (and fails) before any request is sent.
      expect(r.outcome).toEqual({ error: "DEPTH_ZERO_SELF_SIGNED_CERT" });
      expect(sni).toEqual(["rebind.example"]);
      expect(requests).toBe(0);
      expect(calls).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("does not follow redirects: a 302 to another address is the attempt's status", async () => {
    const target = await listen("127.0.0.1");
    const redirecting = await listen("127.0.0.1", 0, (res) => res.writeHead(302, { location: `http://127.0.0.1:${target.port}/stolen` }).end());
    try {
      const r = await attempt(delivery(), endpoint(`http://127.0.0.1:${redirecting.port}/hook`, true));
      expect(r.outcome).toEqual({ status: 302, retryAfter: null });
      expect(target.connections).toBe(0);
    } finally {
      await target.close();
      await redirecting.close();
    }
  });

  it("keeps the attempt's status, Retry-After and timeout", async () => {
    const busy = await listen("127.0.0.1", 0, (res) => res.writeHead(503, { "retry-after": "7" }).end("busy"));
    const hanging = await listen("127.0.0.1", 0, () => undefined);
    try {
      expect((await attempt(delivery(), endpoint(`http://127.0.0.1:${busy.port}/`, true))).outcome).toEqual({ status: 503, retryAfter: "7" });
      const t0 = Date.now();
      const slow = await attempt(delivery(), endpoint(`http://127.0.0.1:${hanging.port}/`, true));
      expect(slow.outcome).toEqual({ error: "no answer within 1500 ms" });
      expect(Date.now() - t0).toBeGreaterThanOrEqual(1400);
      expect(slow.refused).toBeUndefined();
      // A header value Node will not send is the attempt's error, not a crash of the worker.
      const bad = { ...endpoint(`http://127.0.0.1:${busy.port}/`, true), headers: { "X-Bad": seal("a\u0000b") } };
      expect((await attempt(delivery(), bad)).outcome).toEqual({ error: "ERR_INVALID_CHAR" });
    } finally {
      await busy.close();
      await hanging.close();
    }
  });
});
