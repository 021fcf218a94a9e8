// Commands beyond the core (users), kept apart from the argument plumbing.
import { parseArgs } from "node:util";
import { db } from "@/clickhouse/client";
import { listUsers } from "@/clickhouse/queries/users";
import { generatePassword } from "@/lib/auth/passwords";
import { parseRole } from "@/lib/auth/roles";
import { createUser } from "@/lib/server/users";
import fs from "node:fs";
import { diffVersions, savePolicy } from "@/lib/server/policies";
import { getPolicy, listPolicyVersions } from "@/clickhouse/queries/policies";
import type { Command } from "./quantlens";

export const commands: Record<string, Command> = {
  "users create": {
    help: "  users create --username NAME --role viewer|operator|admin [--password P]\n                                            create a dashboard user (a password is generated if omitted)",
    async run(args) {
      const { values } = parseArgs({ args, options: { username: { type: "string" }, role: { type: "string" }, password: { type: "string" } } });
      if (!values.username) throw new Error("users create needs --username NAME");
      const role = parseRole(values.role ?? "");
      const password = values.password ?? process.env.QUANTLENS_NEW_USER_PASSWORD ?? generatePassword();
      await createUser(values.username, password, role);
      console.log(`created ${role} ${values.username}${values.password || process.env.QUANTLENS_NEW_USER_PASSWORD ? "" : ` with password\n\n  ${password}\n\nIt is shown once; only its hash is stored.`}`);
    },
  },
  "users list": {
    help: "  users list                                list users and roles",
    async run() {
      for (const u of await listUsers(await db())) console.log(`${u.username}  ${u.role}  created ${u.created_at}${u.disabled ? "  DISABLED" : ""}`);
    },
  },
  "policies create": {
    help: "  policies create --file F --reason R [--deployment D] [--author A]\n                                            store a new policy version (JSON or YAML; no deployment = the default for all)",
    async run(args) {
      const { values } = parseArgs({ args, options: { file: { type: "string" }, reason: { type: "string" }, deployment: { type: "string" }, author: { type: "string" } } });
      if (!values.file) throw new Error("policies create needs --file FILE");
      const stored = await savePolicy({
        deployment: values.deployment ?? "",
        document: fs.readFileSync(values.file, "utf8"),
        reason: values.reason ?? "",
        author: values.author ?? process.env.USER ?? "cli",
      }).catch((err) => {
        const details = (err as { details?: { errors?: { path: string; message: string }[] } }).details;
        if (details?.errors) throw new Error(`invalid policy:\n${details.errors.map((e) => `  ${e.path || "(root)"}: ${e.message}`).join("\n")}`);
        throw err;
      });
      console.log(`stored version ${stored.version} for ${stored.deployment || "all deployments"}`);
    },
  },
  "policies list": {
    help: "  policies list [--deployment D]           the active policy and its versions",
    async run(args) {
      const { values } = parseArgs({ args, options: { deployment: { type: "string" } } });
      const d = values.deployment ?? "";
      const active = await getPolicy(await db(), d);
      console.log(`active for ${d || "all deployments"}: ${active.policy.name} v${active.version} (${active.deployment || "default"})`);
      for (const v of await listPolicyVersions(await db(), d)) console.log(`  v${v.version}  ${v.created_at}  ${v.author}: ${v.reason}`);
    },
  },
  "policies diff": {
    help: "  policies diff --from N --to M [--deployment D]",
    async run(args) {
      const { values } = parseArgs({ args, options: { deployment: { type: "string" }, from: { type: "string" }, to: { type: "string" } } });
      const r = await diffVersions(values.deployment ?? "", Number(values.from ?? 0), Number(values.to ?? 0));
      for (const c of r.changes) console.log(`${c.path}: ${JSON.stringify(c.old)} → ${JSON.stringify(c.new)}`);
      if (r.changes.length === 0) console.log("no differences");
    },
  },
};
