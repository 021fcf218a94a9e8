// The import rule of the tree (README "Where things are"): each layer imports only the layers
// below it. Run by `npm test`; exits 1 and names every wrong-way import.
//   lib/        pure: only lib/, and the packages in PURE_PACKAGES (no I/O, no framework)
//   clickhouse/ lib/ and itself (the only SQL)
//   ingest/     lib/, clickhouse/ and itself
//   server/     lib/, clickhouse/, ingest/ and itself
//   app/        lib/, server/ and itself (pages and routes read through server/services)
//   scripts/, testkit/, tests/, bench/: anything below them, never app/; tests/ and bench/ share
//   their helpers through testkit/, never each other.
import fs from "node:fs";
import path from "node:path";

export const PURE_PACKAGES = ["zod", "yaml", "node:crypto"];

type Layer = "lib" | "clickhouse" | "ingest" | "server" | "app" | "scripts" | "testkit" | "tests" | "bench" | "root";

/** Which layers each layer may import from (its own included). */
export const ALLOWED: Record<Layer, readonly Layer[]> = {
  lib: ["lib"],
  clickhouse: ["clickhouse", "lib"],
  ingest: ["ingest", "clickhouse", "lib"],
  server: ["server", "ingest", "clickhouse", "lib"],
  app: ["app", "server", "lib"],
  // proxy.ts and instrumentation.ts: the framework's entry points into the server.
  root: ["server", "lib"],
  scripts: ["scripts", "server", "ingest", "clickhouse", "lib"],
  testkit: ["testkit", "scripts", "server", "ingest", "clickhouse", "lib"],
  tests: ["tests", "testkit", "scripts", "server", "ingest", "clickhouse", "lib", "app", "root"],
  bench: ["bench", "testkit", "scripts", "server", "ingest", "clickhouse", "lib"],
};

const LAYERS = new Set<string>(Object.keys(ALLOWED));
const SOURCE = /\.(ts|tsx|mts)$/;
const SKIP_DIRS = new Set(["node_modules", "data", ".git"]);

export interface Violation {
  file: string;
  line: number;
  specifier: string;
  why: string;
}

function layerOf(rel: string): Layer | null {
  const top = rel.split("/")[0];
  if (!rel.includes("/")) return SOURCE.test(rel) && !rel.endsWith(".d.ts") && !/\.config\./.test(rel) ? "root" : null;
  return LAYERS.has(top) && top !== "root" ? (top as Layer) : null;
}

/** The repository-relative target of a specifier, or null for a package. */
function targetOf(rel: string, spec: string): string | null {
  if (spec.startsWith("@/")) return path.posix.normalize(spec.slice(2));
  if (spec.startsWith(".")) return path.posix.normalize(path.posix.join(path.posix.dirname(rel), spec));
  return null;
}

/** Every wrong-way import in the source files below `root`. */
export function checkLayers(root: string): Violation[] {
  const out: Violation[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name.startsWith(".") || SKIP_DIRS.has(e.name)) continue;
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (SOURCE.test(e.name)) checkFile(root, path.relative(root, full).split(path.sep).join("/"), out);
    }
  };
  walk(root);
  return out;
}

// Static imports and re-exports (`import … from`, `export … from`, `import "x"`), and dynamic
// `import("x")` / `require("x")` (also `typeof import("x")`). Matched on the code with comments
// removed and every string literal replaced by a numbered placeholder, so text inside strings
// (a test's fixture, a log message) is never read as an import.
const IMPORT_PATTERNS = [
  /^[ \t]*(?:import|export)\s+(?:type\s+)?[^;]*?\bfrom\s*"(\d+)"/gm,
  /^[ \t]*import\s*"(\d+)"/gm,
  /\b(?:import|require)\s*\(\s*"(\d+)"\s*\)/g,
];

// After these, a `/` starts a regular expression rather than a division.
const BEFORE_REGEX = /[(,=:[!&|?{};+\-*%<>~^]$|(?:^|[^\w$])(?:return|typeof|case|do|else|in|of|new|delete|void|throw|yield|await)$|^$/;

/** The code with comments blanked, strings as "<index>", and the strings' values. */
function scan(text: string): { code: string; strings: string[] } {
  let code = "";
  const strings: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === "/" && next === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "/" && next === "*") {
      const end = text.indexOf("*/", i + 2);
      const stop = end < 0 ? text.length : end + 2;
      code += text.slice(i, stop).replace(/[^\n]/g, " ");
      i = stop;
    } else if (c === '"' || c === "'" || c === "`") {
      let j = i + 1;
      let value = "";
      while (j < text.length && text[j] !== c) {
        if (text[j] === "\\") j++;
        value += text[j] ?? "";
        j++;
      }
      const newlines = text.slice(i, j).split("\n").length - 1;
      code += `"${strings.length}"` + "\n".repeat(newlines);
      strings.push(value);
      i = j + 1;
    } else if (c === "/" && BEFORE_REGEX.test(code.trimEnd())) {
      let j = i + 1;
      let inClass = false;
      while (j < text.length && text[j] !== "\n" && (text[j] !== "/" || inClass)) {
        if (text[j] === "\\") j++;
        else if (text[j] === "[") inClass = true;
        else if (text[j] === "]") inClass = false;
        j++;
      }
      code += " ".repeat(j + 1 - i);
      i = j + 1;
    } else {
      code += c;
      i++;
    }
  }
  return { code, strings };
}

export function importsOf(text: string): { specifier: string; line: number }[] {
  const { code, strings } = scan(text);
  const seen = new Map<number, string>();
  for (const re of IMPORT_PATTERNS) {
    for (const m of code.matchAll(re)) seen.set(m.index! + m[0].length - m[0].trimStart().length, strings[Number(m[1])]);
  }
  return [...seen].sort((a, b) => a[0] - b[0]).map(([pos, specifier]) => ({ specifier, line: code.slice(0, pos).split("\n").length }));
}

function checkFile(root: string, rel: string, out: Violation[]): void {
  const layer = layerOf(rel);
  if (!layer) return;
  const text = fs.readFileSync(path.join(root, rel), "utf8");
  for (const ref of importsOf(text)) {
    const spec = ref.specifier;
    const line = ref.line;
    const target = targetOf(rel, spec);
    if (target === null) {
      if (layer === "lib" && !PURE_PACKAGES.includes(spec)) {
        out.push({ file: rel, line, specifier: spec, why: `lib/ is pure: it may import only lib/ and ${PURE_PACKAGES.join(", ")}` });
      }
      continue;
    }
    const to = layerOf(target.includes("/") ? target : `${target}.ts`);
    if (to === null || ALLOWED[layer].includes(to)) continue;
    out.push({ file: rel, line, specifier: spec, why: `${layer}/ may not import ${to}${to === "root" ? "" : "/"} (it may import ${ALLOWED[layer].join(", ")})` });
  }
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("check-layers.ts")) {
  const root = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, ".."));
  const v = checkLayers(root);
  for (const x of v) console.error(`${x.file}:${x.line}: imports "${x.specifier}": ${x.why}`);
  if (v.length) {
    console.error(`\n${v.length} wrong-way import${v.length === 1 ? "" : "s"} (the layers are in scripts/check-layers.ts and the README)`);
    process.exit(1);
  }
  console.log("layers: every import goes the right way");
}
