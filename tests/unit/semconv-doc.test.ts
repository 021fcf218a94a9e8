// lib/semconv.ts and docs/semconv.md name the same attributes, events and metrics, both ways.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ATTR, ATTR_PREFIX, MEMORY_KINDS, METRIC, OTEL, SHADOW_EVENT } from "@/lib/semconv";

const doc = fs.readFileSync(path.join(process.cwd(), "docs", "semconv.md"), "utf8");

// Names inside `code` spans only: prose may say "quantlens" freely.
const spans = [...doc.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);
const NAME = /\b(?:quantlens|gen_ai)\.[A-Za-z0-9_.]*(?:<[a-z_]+>|\*)?/g;
const documented = new Set(spans.flatMap((s) => s.match(NAME) ?? []));

const names: string[] = [...Object.values(ATTR), ...Object.values(METRIC), ...Object.values(OTEL), SHADOW_EVENT];
const prefixes: string[] = Object.values(ATTR_PREFIX);

describe("docs/semconv.md ↔ lib/semconv.ts", () => {
  it("finds the names it is meant to check", () => {
    expect(documented.size).toBeGreaterThan(30);
    expect(documented).toContain("quantlens.slice.<dimension>");
  });

  it("documents every exported name", () => {
    const spanSet = new Set(spans);
    expect(names.filter((n) => !spanSet.has(n) && !documented.has(n))).toEqual([]);
  });

  it("documents every exported prefix as prefix<name>", () => {
    const placeholders = [...documented].filter((d) => d.endsWith(">")).map((d) => d.slice(0, d.indexOf("<")));
    expect(prefixes.filter((p) => !placeholders.includes(p))).toEqual([]);
  });

  it("exports every quantlens.* and gen_ai.* name the document mentions", () => {
    const known = (d: string): boolean => {
      // prefix<name>: a documented prefix.
      if (d.endsWith(">")) return prefixes.includes(d.slice(0, d.indexOf("<")));
      // group.*: some exported name or prefix lies in the group (quantlens.* is the namespace).
      if (d.endsWith("*")) return [...names, ...prefixes].some((n) => n.startsWith(d.slice(0, -1)));
      // An exported name, or an example under a prefix (quantlens.input.prompt_tokens).
      return names.includes(d) || prefixes.some((p) => d.startsWith(p) && d.length > p.length);
    };
    expect([...documented].filter((d) => !known(d))).toEqual([]);
  });

  it("lists exactly the memory kinds ingest accepts", () => {
    const row = doc.split("\n").find((l) => l.includes(`\`${METRIC.memoryUsed}\``) && l.includes(`\`${ATTR.memoryKind}\``));
    expect(row).toBeDefined();
    const after = row!.slice(row!.indexOf(`\`${ATTR.memoryKind}\``) + ATTR.memoryKind.length + 2);
    expect([...after.matchAll(/`([a-z_]+)`/g)].map((m) => m[1])).toEqual([...MEMORY_KINDS]);
  });
});
