// Where a webhook may connect, with the I/O the pure rules (lib/webhooks/ssrf.ts) leave out: this
// machine's interfaces and one DNS lookup. The delivery worker connects to exactly the addresses
// checked here, so DNS cannot change the answer between the check and the connection.
import dns from "node:dns/promises";
import net from "node:net";
import os from "node:os";
import { destinationTarget, judgeDestination, selfInfoFrom, type DestinationCheck, type SelfInfo } from "@/lib/webhooks/ssrf";

export type Resolver = (hostname: string) => Promise<{ address: string; family?: number }[]>;

export const systemResolver: Resolver = (hostname) => dns.lookup(hostname, { all: true });

/** This machine's own addresses, read now (interfaces come and go). */
export function localAddresses(): SelfInfo {
  try {
    return selfInfoFrom(os.networkInterfaces());
  } catch {
    return { addresses: [], broadcasts: [] };
  }
}

/** Resolves the URL's host once and checks every address it resolves to. */
export async function resolveDestination(text: string, allowPrivate: boolean, resolve: Resolver = systemResolver): Promise<DestinationCheck> {
  const target = destinationTarget(text, (s) => net.isIP(s) !== 0);
  if (!target.ok) return target.check;
  const self = localAddresses();
  if (target.literal) return judgeDestination(target, [], allowPrivate, self);
  let answers: { address: string }[] | { error: string | undefined };
  try {
    answers = await resolve(target.hostname);
  } catch (err) {
    answers = { error: (err as NodeJS.ErrnoException).code };
  }
  return judgeDestination(target, answers, allowPrivate, self);
}
