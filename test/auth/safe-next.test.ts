import { describe, expect, it } from "vitest";
import { safeNext } from "@/server/auth/sign-in";

// ?next= after sign-in: only paths on this site. Browsers strip tab, CR and LF inside URLs and treat
// "\" like "/", so anything that could turn into "//host" or "/\host" on the way must fall back to "/".

const HOSTILE: [string, unknown][] = [
  ["protocol-relative", "//evil.example/x"],
  ["backslash", "/\\evil.example"],
  ["backslash twice", "\\\\evil.example"],
  ["tab between slashes", "/\t/evil.example"],
  ["CR LF between slashes", "/\r\n/evil.example"],
  ["LF between slashes", "/\n/evil.example"],
  ["NUL", "/\u0000/evil.example"],
  ["C1 control (NEL)", "/\u0085/evil.example"],
  ["DEL", "/\u007f/evil.example"],
  ["space", "/ /evil.example"],
  ["no-break space", "/\u00a0/evil.example"],
  ["ideographic space", "/\u3000/evil.example"],
  ["line separator", "/\u2028/evil.example"],
  ["zero-width space", "/\u200b/evil.example"],
  ["BOM", "/\ufeff/evil.example"],
  ["right-to-left override", "/\u202e/evil.example"],
  ["absolute URL", "https://evil.example/"],
  ["scheme-relative with leading tab", "\t//evil.example"],
  ["javascript:", "javascript:alert(1)"],
  ["data:", "data:text/html,<script>alert(1)</script>"],
  ["empty", ""],
  ["not a string", ["/a", "/b"]],
  ["undefined", undefined],
  ["sign-in loop", "/sign-in?next=/sign-in"],
  ["sign-in through dot segments", "/x/../sign-in"],
  ["overlong", `/${"a".repeat(5000)}`],
];

describe("safeNext", () => {
  it.each(HOSTILE)("refuses %s", (_name, value) => {
    expect(safeNext(value)).toBe("/");
  });

  it.each([
    ["/replications", "/replications"],
    ["/replications?health=error&page=2", "/replications?health=error&page=2"],
    ["/replications/42#log", "/replications/42#log"],
    ["/a/./b/../c", "/a/c"],
    // Returned as the URL parser writes it: percent-encoded, so it is a valid Location header.
    ["/vms?q=grün", "/vms?q=gr%C3%BCn"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
  ])("keeps the local path %j", (value, expected) => {
    expect(safeNext(value)).toBe(expected);
  });

  it("never returns anything a browser could read as another host", () => {
    for (const [, value] of HOSTILE) {
      const out = safeNext(value);
      expect(new URL(out.replace(/[\t\r\n]/g, ""), "https://proxbox.example").host).toBe("proxbox.example");
    }
  });
});
