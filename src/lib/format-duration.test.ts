import { describe, expect, it } from "vitest";
import { formatDuration, formatInterval } from "./format-duration";

describe("formatDuration (Proxmox render_duration)", () => {
  it.each([
    [0.05, "<0.1s"],
    [3.412337, "3.4s"],
    [125, "2m 5s"],
    [3600, "1h"],
    [3725, "1h 2m 5s"],
    [90061, "1d 1h 1m"],
    [31_536_000 + 86_400 * 2 + 3600 * 3 + 60, "1y 2d 3h"],
  ])("%s → %s", (input, expected) => {
    expect(formatDuration(input)).toBe(expected);
  });
  it("renders a missing duration as '-'", () => {
    expect(formatDuration(null)).toBe("-");
  });
});

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
