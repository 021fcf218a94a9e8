// Commands beyond the core (users), kept apart from the argument plumbing.
import { parseArgs } from "node:util";
import { generatePassword } from "@/lib/auth/passwords";
import { parseRole } from "@/lib/auth/roles";
import { createUser, deleteUser, setDisabled, setPassword, setRole, users } from "@/server/services/users";
import fs from "node:fs";
import os from "node:os";
import { diffVersions, policyVersions, savePolicy } from "@/server/services/policies";
import { InvalidDocumentError } from "@/lib/errors";
import type { Command } from "./quantlens";

/** Who the audit log names for a CLI change: the operating-system user running it. */
export function cliActor(): string {
  let name = process.env.USER || process.env.LOGNAME || "";
  try {
    name ||= os.userInfo().username;
  } catch {
    /* no passwd entry */
  }
  return `cli:${name || "unknown"}`;
}

function usernameArg(args: string[], command: string, extra: Record<string, { type: "string" }> = {}) {
  const { values } = parseArgs({ args, options: { username: { type: "string" }, ...extra } });
  if (!values.username) throw new Error(`${command} needs --username NAME`);
  return values as { username: string } & Record<string, string | undefined>;
}

export const commands: Record<string, Command> = {
  "users create": {
    help: "  users create --username NAME --role viewer|operator|admin [--password P]\n                                            create a dashboard user (a password is generated if omitted)",
    async run(args) {
      const { values } = parseArgs({ args, options: { username: { type: "string" }, role: { type: "string" }, password: { type: "string" } } });
      if (!values.username) throw new Error("users create needs --username NAME");
      const role = parseRole(values.role ?? "");
      const password = values.password ?? process.env.QUANTLENS_NEW_USER_PASSWORD ?? generatePassword();
      await createUser(values.username, password, role, cliActor());
      console.log(`created ${role} ${values.username}${values.password || process.env.QUANTLENS_NEW_USER_PASSWORD ? "" : ` with password\n\n  ${password}\n\nIt is shown once; only its hash is stored.`}`);
    },
  },
  "users list": {
    help: "  users list                                list users and roles",
    async run() {
      for (const u of await users()) console.log(`${u.username}  ${u.role}  created ${u.created_at}${u.disabled ? "  DISABLED" : ""}`);
    },
  },
  "users passwd": {
    help: "  users passwd --username NAME [--password P]\n                                            set a new password (generated if omitted); ends the user's sessions",
    async run(args) {
      const values = usernameArg(args, "users passwd", { password: { type: "string" } });
      const password = values.password ?? process.env.QUANTLENS_NEW_USER_PASSWORD ?? generatePassword();
      await setPassword(values.username, password, cliActor());
      console.log(`set a new password for ${values.username}${values.password || process.env.QUANTLENS_NEW_USER_PASSWORD ? "" : `:\n\n  ${password}\n\nIt is shown once; only its hash is stored.`}\nTheir sessions end within seconds.`);
    },
  },
  "users role": {
    help: "  users role --username NAME --role viewer|operator|admin\n                                            change a user's role (effective within seconds)",
    async run(args) {
      const values = usernameArg(args, "users role", { role: { type: "string" } });
      const role = parseRole(values.role ?? "");
      const { changed } = await setRole(values.username, role, cliActor());
      console.log(changed ? `${values.username} is now ${role}` : `${values.username} already is ${role}`);
    },
  },
  "users disable": {
    help: "  users disable --username NAME            refuse the user's sign-ins and end their sessions",
    async run(args) {
      const values = usernameArg(args, "users disable");
      const { changed } = await setDisabled(values.username, true, cliActor());
      console.log(changed ? `disabled ${values.username}; their sessions end within seconds` : `${values.username} was already disabled`);
    },
  },
  "users enable": {
    help: "  users enable --username NAME             allow a disabled user to sign in again",
    async run(args) {
      const values = usernameArg(args, "users enable");
      const { changed } = await setDisabled(values.username, false, cliActor());
      console.log(changed ? `enabled ${values.username}` : `${values.username} was not disabled`);
    },
  },
  "users delete": {
    help: "  users delete --username NAME             delete a user and end their sessions",
    async run(args) {
      const values = usernameArg(args, "users delete");
      await deleteUser(values.username, cliActor());
      console.log(`deleted ${values.username}`);
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
        if (err instanceof InvalidDocumentError) throw new Error(`invalid policy:\n${err.errors.map((e) => `  ${e.path || "(root)"}: ${e.message}`).join("\n")}`);
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
      const { active, versions } = await policyVersions(d);
      console.log(`active for ${d || "all deployments"}: ${active.policy.name} v${active.version} (${active.deployment || "default"})`);
      for (const v of versions) console.log(`  v${v.version}  ${v.created_at}  ${v.author}: ${v.reason}`);
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
