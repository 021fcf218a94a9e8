// Stored secrets (webhook signing secrets and extra headers), sealed with this server's key
// material from the configuration.
import { open, seal } from "@/lib/crypto/secret-box";
import { config } from "@/server/runtime/config";

function material(): string {
  const m = config().secretKeyMaterial;
  if (!m) throw new Error("set QUANTLENS_SECRET_KEY (or NEXTAUTH_SECRET) to store webhook secrets");
  return m;
}

export const sealSecret = (plain: string): string => seal(plain, material());
export const openSecret = (sealed: string): string => open(sealed, material());
