import { describe, expect, it } from "vitest";
import * as server from "@/server/sync/health";
import { formatDuration, HEALTH_LABELS, HEALTH_SEVERITY, HEALTH_STATES } from "./health";

describe("client health vocabulary", () => {
  it("matches the server's", () => {
    expect(HEALTH_STATES).toEqual(server.HEALTH_STATES);
    expect(HEALTH_LABELS).toEqual(server.HEALTH_LABELS);
    expect(HEALTH_SEVERITY).toEqual(server.HEALTH_SEVERITY);
  });
});

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
