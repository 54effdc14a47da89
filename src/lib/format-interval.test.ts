import { describe, expect, it } from "vitest";
import { formatInterval } from "./format-interval";

describe("formatInterval (expected interval of a schedule)", () => {
  it.each([
    [30, "30 s"],
    [60, "1 min"],
    [900, "15 min"],
    [3600, "1 h"],
    [5400, "1.5 h"],
    [86_400, "24 h"],
    [72 * 3600, "72 h"],
    [72.5 * 3600, "72.5 h"],
    [7 * 86_400, "168 h"],
    [14 * 86_400, "14 d"],
    [31 * 86_400, "31 d"],
  ])("%s → %s", (input, expected) => {
    expect(formatInterval(input)).toBe(expected);
  });
  it("renders no interval as '-'", () => {
    expect(formatInterval(null)).toBe("-");
  });
});
