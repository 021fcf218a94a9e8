// The import rule (scripts/check-layers.ts, run by npm test): the real tree passes, and a
// wrong-way import in each direction that matters is caught and named.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkLayers, importsOf } from "@/scripts/check-layers";

const root = path.resolve(import.meta.dirname, "../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "quantlens-layers-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A tree of the given files (repository-relative path → text). */
function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(tmp, "t-"));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

describe("the import rule", () => {
  it("holds on this repository", () => {
    expect(checkLayers(root)).toEqual([]);
  });

  it("finds static, type-only, re-exported, dynamic and relative imports, and ignores comments", () => {
    const text = [
      'import { a } from "@/x/a";',
      'import type { B } from "../b";',
      'export { c } from "./c";',
      "const d = await import('@/d');",
      'import "./side-effect";',
      '// import { no } from "@/commented";',
      '/* import { no2 } from "@/block"; */',
      'const url = "http://example.com"; const e = require("@/e");',
      "type F = typeof import(\"@/f\");",
      "import {\n  g,\n  h,\n} from \"@/gh\";",
    ].join("\n");
    expect(importsOf(text).map((i) => i.specifier)).toEqual(["@/x/a", "../b", "./c", "@/d", "./side-effect", "@/e", "@/f", "@/gh"]);
    expect(importsOf(text).find((i) => i.specifier === "@/gh")?.line).toBe(10);
  });

  it("refuses lib/ importing storage, the process layer, the app or an I/O module", () => {
    const dir = tree({
      "lib/a.ts": 'import type { Db } from "@/clickhouse/client";\nimport fs from "node:fs";\nimport { z } from "zod";\nimport { b } from "./b";\n',
      "lib/b.ts": 'export { x } from "../server/runtime/runtime";\n',
      "lib/c.tsx": 'import { useState } from "react";\n',
    });
    const v = checkLayers(dir);
    expect(v.map((x) => `${x.file}:${x.line} ${x.specifier}`).sort()).toEqual(["lib/a.ts:1 @/clickhouse/client", "lib/a.ts:2 node:fs", "lib/b.ts:1 ../server/runtime/runtime", "lib/c.tsx:1 react"]);
    expect(v.find((x) => x.specifier === "@/clickhouse/client")?.why).toMatch(/lib\/ may not import clickhouse\//);
  });

  it("refuses app/ reading storage or ingest directly, and storage reaching up", () => {
    const dir = tree({
      "app/page.tsx": 'import { db } from "@/clickhouse/client";\nimport { deploymentList } from "@/server/services/deployments";\n',
      "app/api/x/route.ts": 'import { handleOtlp } from "@/ingest/http";\n',
      "clickhouse/queries/q.ts": 'import { runtime } from "@/server/runtime/runtime";\nimport { LIMITS } from "@/lib/limits";\n',
      "ingest/x.ts": 'import { apiRoute } from "@/server/http/api-route";\n',
      "server/services/s.ts": 'import { Header } from "@/app/_components/header";\n',
    });
    expect(checkLayers(dir).map((x) => `${x.file} ${x.specifier}`).sort()).toEqual([
      "app/api/x/route.ts @/ingest/http",
      "app/page.tsx @/clickhouse/client",
      "clickhouse/queries/q.ts @/server/runtime/runtime",
      "ingest/x.ts @/server/http/api-route",
      "server/services/s.ts @/app/_components/header",
    ]);
  });

  it("keeps tests and benchmarks apart: they share helpers through testkit/", () => {
    const dir = tree({
      "bench/b.ts": 'import { x } from "../tests/unit/helper";\nimport { y } from "@/testkit/server-process";\n',
      "tests/unit/t.test.ts": 'import { z } from "@/bench/sim/run";\nimport { y } from "@/testkit/server-process";\n',
    });
    expect(checkLayers(dir).map((x) => `${x.file} ${x.specifier}`).sort()).toEqual(["bench/b.ts ../tests/unit/helper", "tests/unit/t.test.ts @/bench/sim/run"]);
  });

  it("exits 1 and names the import when run as the npm test step", async () => {
    const dir = tree({ "lib/a.ts": 'import { db } from "@/clickhouse/client";\n' });
    const { spawnSync } = await import("node:child_process");
    const r = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts/check-layers.ts"), dir], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('lib/a.ts:1: imports "@/clickhouse/client": lib/ may not import clickhouse/');
    const ok = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts/check-layers.ts"), tree({ "lib/a.ts": 'import { z } from "zod";\n' })], { encoding: "utf8" });
    expect(ok.status, ok.stderr).toBe(0);
  });
});
