import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { side, wordDiff } from "@/lib/text/word-diff";

const join = (s: { text: string }[]) => s.map((x) => x.text).join("");

describe("wordDiff", () => {
  it("marks a replaced word as removed and inserted, the rest as shared", () => {
    expect(wordDiff("Die Katze schläft heute.", "Die Katze schlief heute.")).toEqual([
      { op: "same", text: "Die Katze " },
      { op: "del", text: "schläft " },
      { op: "ins", text: "schlief " },
      { op: "same", text: "heute." },
    ]);
  });

  it("finds the longest common subsequence, not only prefix and suffix", () => {
    const d = wordDiff("a b c d e", "a x c y e");
    expect(d.filter((s) => s.op === "same").map((s) => s.text.trim())).toEqual(["a", "c", "e"]);
    expect(d.filter((s) => s.op === "del").map((s) => s.text.trim())).toEqual(["b", "d"]);
    expect(d.filter((s) => s.op === "ins").map((s) => s.text.trim())).toEqual(["x", "y"]);
  });

  it("handles empty sides and identical texts", () => {
    expect(wordDiff("", "")).toEqual([]);
    expect(wordDiff("", "new words")).toEqual([{ op: "ins", text: "new words" }]);
    expect(wordDiff("old", "")).toEqual([{ op: "del", text: "old" }]);
    expect(wordDiff("same text", "same text")).toEqual([{ op: "same", text: "same text" }]);
  });

  it("keeps markup as plain text (it is only split on whitespace)", () => {
    const d = wordDiff("ok", '<img src=x onerror="alert(1)">');
    expect(join(side(d, "b"))).toBe('<img src=x onerror="alert(1)">');
  });

  it("past the cell limit marks the differing middle as replaced whole", () => {
    const d = wordDiff("p a b c s", "p x y z s", 4);
    expect(d).toEqual([
      { op: "same", text: "p " },
      { op: "del", text: "a b c " },
      { op: "ins", text: "x y z " },
      { op: "same", text: "s" },
    ]);
  });

  it("each side joins back to its input exactly, whitespace included", () => {
    const text = fc.array(fc.constantFrom("a", "b", "c", "Katze", " ", "  ", "\n", "\t"), { maxLength: 30 }).map((p) => p.join(""));
    fc.assert(
      fc.property(text, text, fc.integer({ min: 0, max: 50 }), (a, b, cap) => {
        const d = wordDiff(a, b, cap);
        expect(join(side(d, "a"))).toBe(a);
        expect(join(side(d, "b"))).toBe(b);
      }),
      { numRuns: 500 },
    );
  });
});
