import { expect, test } from "@playwright/test";

test("the replications page renders from the database (empty state)", async ({ page, request }) => {
  const health = await request.get("/api/health");
  expect(health.ok()).toBe(true);
  expect((await health.json()).database.up).toBe(true);

  await page.goto("/replications");
  await expect(page.getByRole("heading", { name: "Replications" })).toBeVisible();
  await expect(page.getByText("No replications yet")).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/replications-empty.png", fullPage: true });
});
