// Commands beyond the core (users), kept apart from the argument plumbing.
import { parseArgs } from "node:util";
import { db } from "@/clickhouse/client";
import { listUsers } from "@/clickhouse/queries/users";
import { generatePassword } from "@/lib/auth/passwords";
import { parseRole } from "@/lib/auth/roles";
import { createUser } from "@/lib/server/users";
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
};
