import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { linkTarget, parseInline, parseMarkdown, plain, slug } from "@/lib/docs/markdown";

describe("slug", () => {
  it("gives GitHub's anchors", () => {
    expect(slug("Always-valid intervals")).toBe("always-valid-intervals");
    expect(slug("False discovery rate (FDR)")).toBe("false-discovery-rate-fdr");
    expect(slug("The verdict (quantlens.verdict.v2)")).toBe("the-verdict-quantlensverdictv2");
    expect(slug("Multiplicity: the budget")).toBe("multiplicity-the-budget");
  });
});

describe("parseInline", () => {
  it("reads code, bold, italic and links", () => {
    expect(parseInline("a `x*y` **b** *c* [d](#e)")).toEqual([
      { kind: "text", text: "a " },
      { kind: "code", text: "x*y" },
      { kind: "text", text: " " },
      { kind: "strong", children: [{ kind: "text", text: "b" }] },
      { kind: "text", text: " " },
      { kind: "em", children: [{ kind: "text", text: "c" }] },
      { kind: "text", text: " " },
      { kind: "link", href: "#e", children: [{ kind: "text", text: "d" }] },
    ]);
  });
  it("leaves snake_case and lone stars as text", () => {
    expect(plain(parseInline("min_samples and 2 * 3 * 4"))).toBe("min_samples and 2 * 3 * 4");
    expect(parseInline("min_samples_x")).toEqual([{ kind: "text", text: "min_samples_x" }]);
  });
  it("drops unsafe link targets to text and maps docs links to /docs", () => {
    expect(parseInline("[x](javascript:alert(1))")[0]).toEqual({ kind: "text", text: "x" });
    expect(linkTarget("semconv.md#metrics", ["semconv"])).toBe("/docs/semconv#metrics");
    expect(linkTarget("docs/policy.md", ["policy"])).toBe("/docs/policy");
    expect(linkTarget("secret.md", ["policy"])).toBeNull();
    expect(linkTarget("../server/x.ts", ["policy"])).toBeNull();
    expect(linkTarget("https://example.com/a", [])).toBe("https://example.com/a");
  });
});

describe("parseMarkdown", () => {
  it("parses headings, paragraphs, lists, code, tables and quotes", () => {
    const md = [
      "# Title",
      "",
      "Some text",
      "on two lines.",
      "",
      "- one",
      "- two",
      "  continued",
      "",
      "1. first",
      "2. second",
      "",
      "```yaml",
      "a: 1",
      "  b: 2",
      "```",
      "",
      "| h1 | h2 |",
      "|---|:--:|",
      "| a | `b\\|c` |",
      "",
      "> quoted",
      "> more",
      "",
      "## Title",
    ].join("\n");
    const b = parseMarkdown(md);
    expect(b.map((x) => x.kind)).toEqual(["heading", "paragraph", "list", "list", "code", "table", "quote", "heading"]);
    expect(b[0]).toMatchObject({ level: 1, id: "title" });
    expect(b[7]).toMatchObject({ level: 2, id: "title-1" });
    expect(plain((b[1] as Extract<typeof b[1], { kind: "paragraph" }>).children)).toBe("Some text on two lines.");
    expect(b[2]).toMatchObject({ ordered: false, items: [[{ text: "one" }], [{ text: "two continued" }]] });
    expect(b[3]).toMatchObject({ ordered: true });
    expect(b[4]).toEqual({ kind: "code", lang: "yaml", text: "a: 1\n  b: 2" });
    expect(b[5]).toMatchObject({ header: [[{ text: "h1" }], [{ text: "h2" }]], rows: [[[{ text: "a" }], [{ kind: "code", text: "b|c" }]]] });
    expect(b[6]).toMatchObject({ kind: "quote", children: [{ text: "quoted more" }] });
  });

  it("gives docs/policy.md the anchors the glossary links to", async () => {
    const { GLOSSARY } = await import("@/lib/view/glossary");
    const ids = parseMarkdown(readFileSync("docs/policy.md", "utf8"))
      .filter((b) => b.kind === "heading")
      .map((b) => (b as { id: string }).id);
    for (const t of Object.values(GLOSSARY)) expect(ids).toContain(t.anchor);
  });
});
