// The quantlens command line: `npm run quantlens -- <command>`.
import { parseArgs } from "node:util";
import { closeDb, DataDirLockedError, db, dbConfig } from "@/clickhouse/client";
import { migrate } from "@/clickhouse/migrate";
import { generateKey } from "@/lib/auth/keys";
import { KeyStore } from "@/server/services/key-store";
import { createKey, listKeys, revokeKey } from "@/server/services/keys";
import { NotFoundError } from "@/lib/errors";
import { cliActor, commands as extra } from "./cli-commands";

const HELP = `Usage: npm run quantlens -- <command> [options]

  migrate                                   apply database migrations
  keys create --name NAME --scope S[,S]     create an API key (scopes: ingest, read, operate)
  keys list                                 list keys (never their secrets)
  keys revoke --id ID                       revoke a key at once
  keys generate                             print a fresh key for QUANTLENS_BOOTSTRAP_KEY (stores nothing)
${Object.values(extra).map((c) => c.help).join("\n")}
The embedded database (./data, or QUANTLENS_DATA_DIR) can be open in one process only:
stop the server first, or set CLICKHOUSE_URL to use a ClickHouse server.`;

export type Command = { help: string; run(args: string[]): Promise<void> };

async function main(argv: string[]): Promise<number> {
  const [cmd, sub, ...rest] = argv;
  if (!cmd || cmd === "help" || cmd === "--help") {
    console.log(HELP);
    return cmd ? 0 : 1;
  }
  if (cmd === "keys" && sub === "generate") {
    console.log(generateKey().key);
    return 0;
  }
  if (cmd === "migrate") {
    const r = await migrate(await db(), dbConfig());
    console.log(r.applied.length ? `applied: ${r.applied.join(", ")}` : "database is up to date");
    return 0;
  }
  if (cmd === "keys") {
    const { values } = parseArgs({ args: rest, options: { name: { type: "string" }, scope: { type: "string" }, id: { type: "string" } } });
    await migrate(await db(), dbConfig());
    // The CLI's own store: it needs the database, not the server's whole runtime.
    const store = new KeyStore();
    if (sub === "create") {
      if (!values.name) throw new Error("keys create needs --name NAME");
      const created = await createKey(values.name, values.scope ?? "", cliActor(), store);
      console.log(`created key ${created.id} (${created.name}) with scopes ${created.scopes.join(", ")}`);
      console.log(`\n  ${created.key}\n\nIt is shown once; only its hash is stored.`);
      return 0;
    }
    if (sub === "list") {
      for (const k of await listKeys(store)) {
        console.log(`${k.id}  ${k.prefix}…  ${k.name}  [${k.scopes.join(",")}]  created ${k.created_at}${k.revoked_at ? `  REVOKED ${k.revoked_at}` : ""}`);
      }
      return 0;
    }
    if (sub === "revoke") {
      if (!values.id) throw new Error("keys revoke needs --id ID");
      const revoked = await revokeKey(values.id, cliActor(), store).then(
        () => true,
        (err) => {
          if (err instanceof NotFoundError) return false;
          throw err;
        },
      );
      console.log(revoked ? `revoked ${values.id}` : `no active key ${values.id}`);
      return 0;
    }
  }
  const c = extra[`${cmd} ${sub ?? ""}`.trim()] ?? extra[cmd];
  if (c) {
    await migrate(await db(), dbConfig());
    await c.run(extra[cmd] ? [sub, ...rest].filter((x) => x !== undefined) : rest);
    return 0;
  }
  console.error(`unknown command: ${argv.join(" ")}\n\n${HELP}`);
  return 2;
}

main(process.argv.slice(2))
  .then(async (code) => {
    await closeDb();
    process.exit(code);
  })
  .catch(async (err) => {
    await closeDb().catch(() => undefined);
    console.error(err instanceof DataDirLockedError ? err.message : `error: ${(err as Error).message}`);
    process.exit(1);
  });
