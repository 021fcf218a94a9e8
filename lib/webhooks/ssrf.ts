// Webhook URLs must not reach the metadata service, link-local addresses or (unless the
// endpoint explicitly allows it) loopback and private networks. Checked at creation and
// again for the resolved address before every delivery (DNS can change).
import net from "node:net";

export type AddressClass = "public" | "private" | "loopback" | "link-local" | "metadata" | "unspecified";

function v4(ip: string): number[] {
  return ip.split(".").map(Number);
}

export function classifyAddress(ip: string): AddressClass {
  let addr = ip.toLowerCase();
  if (addr.startsWith("::ffff:") && net.isIPv4(addr.slice(7))) addr = addr.slice(7);
  if (net.isIPv4(addr)) {
    const [a, b] = v4(addr);
    if (addr === "169.254.169.254" || addr === "100.100.100.200") return "metadata";
    if (a === 0) return "unspecified";
    if (a === 127) return "loopback";
    if (a === 169 && b === 254) return "link-local";
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127)) return "private";
    return "public";
  }
  if (net.isIPv6(addr)) {
    if (addr === "::1") return "loopback";
    if (addr === "::") return "unspecified";
    if (addr.startsWith("fd00:ec2::254")) return "metadata";
    if (/^fe[89ab]/.test(addr)) return "link-local";
    if (/^f[cd]/.test(addr)) return "private";
    return "public";
  }
  return "unspecified";
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

export function checkAddress(ip: string, allowPrivate: boolean): UrlCheck {
  const c = classifyAddress(ip);
  if (c === "metadata" || c === "link-local" || c === "unspecified") return { ok: false, reason: `${ip} is a ${c} address, which webhooks may never reach` };
  if ((c === "private" || c === "loopback") && !allowPrivate) {
    return { ok: false, reason: `${ip} is a ${c} address; allow private networks on the endpoint to use it` };
  }
  return { ok: true };
}
