// The repository's docs for the signed-in /docs pages: only the files of a fixed list, read from
// docs/ beside the server and parsed into blocks once per file (they change only with a deploy).
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseMarkdown, plain, type Block } from "@/lib/docs/markdown";

export const DOCS = ["policy", "semconv", "integrations", "webhooks", "scaling", "reliability"] as const;
export type DocName = (typeof DOCS)[number];

export interface Doc {
  name: DocName;
  title: string;
  blocks: Block[];
}

const cache = new Map<DocName, Promise<Doc>>();

async function load(name: DocName): Promise<Doc> {
  const text = await readFile(path.join(process.cwd(), "docs", `${name}.md`), "utf8");
  const blocks = parseMarkdown(text, DOCS);
  const h1 = blocks.find((b) => b.kind === "heading" && b.level === 1);
  return { name, title: h1 && h1.kind === "heading" ? plain(h1.children) : name, blocks };
}

/** The doc of that name, or null when it is not on the list (the name is never a path). */
export function doc(name: string): Promise<Doc> | null {
  const known = DOCS.find((d) => d === name);
  if (!known) return null;
  let p = cache.get(known);
  if (!p) {
    p = load(known);
    // A failed read is not cached: the next request tries again.
    p.catch(() => cache.delete(known));
    cache.set(known, p);
  }
  return p;
}
