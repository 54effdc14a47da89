import { describe, expect, it } from "vitest";
import { parseHeaderLines } from "./header-lines";

describe("parseHeaderLines", () => {
  it("splits each line at its first colon and trims names and values", () => {
    expect(
      parseHeaderLines("Authorization: Basic dXNlcjpwYXNz\r\n\n  X-Route :  https://a.example:8443/x  \n"),
    ).toEqual({
      headers: { Authorization: "Basic dXNlcjpwYXNz", "X-Route": "https://a.example:8443/x" },
      invalidLines: [],
    });
  });

  it("names the lines without a colon by number, never keeping their text", () => {
    expect(parseHeaderLines("X-A: 1\nsecret-token-pasted-alone\n\nX-B: 2\nalso wrong")).toEqual({
      headers: { "X-A": "1", "X-B": "2" },
      invalidLines: [2, 5],
    });
  });

  it("is empty for blank text", () => {
    expect(parseHeaderLines(" \n\n")).toEqual({ headers: {}, invalidLines: [] });
  });
});
