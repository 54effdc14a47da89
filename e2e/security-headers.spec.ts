import { expect, test } from "./fixtures";

// Security headers on pages and API responses of the running (built) app, and pages still working
// under the Content-Security-Policy: a signed-in page renders, hydrates and navigates with no CSP
// violation reported by the browser.

const COMMON = {
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
};

function expectSecurityHeaders(headers: Record<string, string>) {
  expect(headers).toMatchObject(COMMON);
  const csp = headers["content-security-policy"] ?? "";
  for (const directive of [
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ]) {
    expect(csp).toContain(directive);
  }
  expect(csp).not.toContain("unsafe-eval");
}

test("pages and API responses carry the security headers; HSTS only over HTTPS", async ({ request }) => {
  const page = await request.get("/sign-in");
  expect(page.status()).toBe(200);
  expectSecurityHeaders(page.headers());
  expect(page.headers()["strict-transport-security"]).toBeUndefined();

  const api = await request.get("/api/plugins/proxbox/replications/");
  expect(api.status()).toBe(403);
  expectSecurityHeaders(api.headers());

  const health = await request.get("/api/health");
  expectSecurityHeaders(health.headers());
  expect(await health.json()).toEqual({ status: "ok" });

  // Behind a TLS-terminating proxy.
  const https = await request.get("/sign-in", { headers: { "x-forwarded-proto": "https" } });
  expect(https.headers()["strict-transport-security"]).toBe("max-age=31536000");
});

test("pages work under the CSP (no violations)", async ({ signedIn: page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await page.exposeFunction("reportCspViolation", (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      (window as unknown as { reportCspViolation(v: string): void }).reportCspViolation(
        `${e.violatedDirective} ${e.blockedURI}`,
      ),
    );
  });
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  // Client-side navigation needs the hydrated app (its inline and external scripts ran).
  await page.getByRole("link", { name: "Replications" }).first().click();
  await expect(page).toHaveURL(/\/replications/);
  await expect(page.locator("table")).toBeVisible();
  expect(violations).toEqual([]);
});
