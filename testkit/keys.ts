import { runtime } from "@/server/runtime/runtime";
import type { Scope } from "@/lib/auth/keys";

export async function createKey(scopes: Scope[], name = "test"): Promise<string> {
  const rt = await runtime();
  return (await rt.keys.create(name, scopes)).key;
}
