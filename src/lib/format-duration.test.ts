import { describe, expect, it } from "vitest";
import { formatDuration } from "./format-duration";

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
