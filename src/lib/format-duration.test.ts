import { describe, expect, it } from "vitest";
import { formatAge, formatDuration } from "./format-duration";

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

describe("formatAge (the list's recovery point: two largest units)", () => {
  it.each([
    [0, "0s"],
    [45.9, "45s"],
    [725, "12m 5s"],
    [3 * 3600 + 12 * 60 + 59, "3h 12m"],
    [3 * 3600 + 30, "3h"],
    [2 * 86_400 + 4 * 3600 + 59 * 60, "2d 4h"],
    [86_400 + 59, "1d"],
    [31_536_000 + 3 * 86_400 + 7200, "1y 3d"],
  ])("%s → %s", (input, expected) => {
    expect(formatAge(input)).toBe(expected);
  });
  it("renders no value as '-'", () => {
    expect(formatAge(null)).toBe("-");
    expect(formatAge(-5)).toBe("-");
  });
});
