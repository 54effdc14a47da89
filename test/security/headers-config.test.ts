import path from "node:path";
import { pathToFileURL } from "node:url";
import type { NextConfig } from "next";
import { describe, expect, it } from "vitest";

// next.config.mjs is plain JS (Next loads it untranspiled): imported by URL, typed here.
const config = (await import(pathToFileURL(path.resolve("next.config.mjs")).href)) as {
  default: NextConfig;
  CONTENT_SECURITY_POLICY: string;
};
const nextConfig = config.default;
const { CONTENT_SECURITY_POLICY } = config;

// The headers next.config.mjs gives every response (e2e/security-headers.spec.ts checks them on the
// running app, and that pages still work under the CSP, in a browser).

describe("security headers (next.config.mjs)", () => {
  it("every path gets CSP, X-Frame-Options, nosniff and a Referrer-Policy; HSTS only over HTTPS", async () => {
    const rules = (await nextConfig.headers?.()) ?? [];
    const always = rules.filter((r) => r.source === "/:path*" && !r.has);
    const headers = Object.fromEntries(
      always.flatMap((r) => r.headers).map((h) => [h.key.toLowerCase(), h.value]),
    );
    expect(headers).toMatchObject({
      "x-frame-options": "DENY",
      "x-content-type-options": "nosniff",
      "referrer-policy": "strict-origin-when-cross-origin",
      "content-security-policy": CONTENT_SECURITY_POLICY,
    });
    expect(headers["strict-transport-security"]).toBeUndefined();
    const https = rules.find((r) => r.has?.some((h) => h.type === "header" && h.key === "x-forwarded-proto"));
    expect(https?.headers).toEqual([{ key: "Strict-Transport-Security", value: "max-age=31536000" }]);
  });

  it("the CSP forbids framing, plugins, foreign scripts, base and form targets", () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split(";").map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values.join(" ")] as const;
      }),
    );
    expect(directives.get("frame-ancestors")).toBe("'none'");
    expect(directives.get("object-src")).toBe("'none'");
    expect(directives.get("base-uri")).toBe("'self'");
    expect(directives.get("form-action")).toBe("'self'");
    expect(directives.get("default-src")).toBe("'self'");
    // Next's inline bootstrap scripts need 'unsafe-inline' (see next.config.mjs); nothing else may run.
    expect(directives.get("script-src")).toBe("'self' 'unsafe-inline'");
  });
});
