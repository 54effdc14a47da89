// The sign-in page against the real server (its custom HTTP server records the client address the
// throttle counts by): ?next= cannot send the browser to another site, and a throttled sign-in says
// why and for how long.
import { expect, test } from "@playwright/test";
import { USERS } from "./world";

test("a crafted ?next= with a tab signs in and stays on this site", async ({ page, baseURL }) => {
  // A browser strips the tab, so an unchecked "/\t/evil.example" would become "//evil.example".
  await page.goto("/sign-in?next=/%09/evil.example");
  await page.getByLabel("Username").fill(USERS.viewer.username);
  await page.getByLabel("Password").fill(USERS.viewer.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  const landed = new URL(page.url());
  expect(landed.origin).toBe(new URL(baseURL ?? "").origin);
  expect(landed.pathname).toBe("/");
});

test("after 10 failed attempts the form says to wait, and the 11th gets 429", async ({ page }) => {
  const username = `e2e-throttled-${Date.now()}`;
  for (let i = 1; i <= 10; i++) {
    const res = await page.request.post("/api/auth/sign-in/", {
      data: { username, password: `wrong password ${i}` },
    });
    expect(res.status(), `attempt ${i}`).toBe(400);
  }
  const eleventh = await page.request.post("/api/auth/sign-in/", {
    data: { username, password: "wrong password 11" },
  });
  expect(eleventh.status()).toBe(429);
  expect(Number(eleventh.headers()["retry-after"])).toBeGreaterThan(800);

  await page.goto("/sign-in?next=/replications");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill("wrong password 12");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/sign-in\?error=throttled/);
  await expect(page.getByRole("alert").filter({ hasText: "Too many" })).toHaveText(
    "Too many sign-in attempts. Try again in 15 minutes.",
  );
  // Other users signing in from the same address are not affected.
  await page.getByLabel("Username").fill(USERS.viewer.username);
  await page.getByLabel("Password").fill(USERS.viewer.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => url.pathname === "/replications");
});
