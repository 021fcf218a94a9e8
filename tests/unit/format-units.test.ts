import { describe, expect, it } from "vitest";
import { formatE } from "@/lib/judgment/reason";
import { bytes } from "@/lib/view/format";
import { formatter } from "@/lib/view/format-kind";

describe("bytes: binary units, as the memory checks' text", () => {
  it("uses KiB, MiB, GiB with the text's rounding", () => {
    expect(bytes(512)).toBe("512 B");
    expect(bytes(1536)).toBe("1.5 KiB");
    expect(bytes(5 * 2 ** 20)).toBe("5.0 MiB");
    expect(bytes(14.234 * 2 ** 30)).toBe("14.23 GiB");
    expect(bytes(-(2 ** 30))).toBe("−1.00 GiB");
    expect(bytes(null)).toBe("–");
  });
  it("is what the charts' byte axes call", () => {
    expect(formatter("bytes")(80 * 2 ** 30)).toBe("80.00 GiB");
  });
});

describe("formatE", () => {
  it("does not write 10.0e5 for a million", () => {
    expect(formatE(Math.log(1e6))).toBe("1.0e6");
    expect(formatE(Math.log(3.2e9))).toBe("3.2e9");
    expect(formatE(Math.log(5))).toBe("5.00");
  });
});
