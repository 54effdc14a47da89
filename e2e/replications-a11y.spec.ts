import { expect, expectIds, replicationIds, test } from "./fixtures";

// Keyboard and assistive-technology paths through the list, the theme, and a laptop-width layout.

test("keyboard: skip link, header sorting with Enter, tooltips on focus", async ({ signedIn: page }) => {
  await page.goto("/replications");
  await expect(page.getByTestId("data-table")).toBeVisible();
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main#main")).toBeFocused();

  const sortTarget = page.getByRole("columnheader").getByRole("button", { name: /^Target node/ });
  await sortTarget.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/ordering=target(&|#|$)/);
  await expectIds(page, await replicationIds("true", { order: "r.target" }));
  await expect(page.getByRole("columnheader", { name: /Target node/ })).toHaveAttribute(
    "aria-sort",
    "ascending",
  );

  // The schedule's meaning and next run are reachable without a mouse.
  const schedule = page.getByRole("button", { name: /^Schedule \*\/15: every 15 minutes/ }).first();
  await schedule.focus();
  const tip = page.getByRole("tooltip");
  await expect(tip).toContainText("every 15 minutes");
  await expect(tip).toContainText("Next run:");
});

test("every filter-panel control and row checkbox has an accessible name", async ({ signedIn: page }) => {
  await page.goto("/replications");
  await page.getByRole("button", { name: "Filters" }).click();
  await page.getByRole("button", { name: "Add filter" }).click();
  const controls = page.getByRole("form", { name: "Filters" }).locator("select, input");
  const count = await controls.count();
  expect(count).toBeGreaterThanOrEqual(6);
  for (let i = 0; i < count; i++) {
    expect(await controls.nth(i).getAttribute("aria-label"), `control ${i}`).toBeTruthy();
  }
  const boxes = page.getByTestId("data-table").getByRole("checkbox");
  const n = await boxes.count();
  for (let i = 0; i < n; i++) expect(await boxes.nth(i).getAttribute("aria-label")).toMatch(/^Select /);
});

test("the theme choice survives a reload", async ({ signedIn: page }) => {
  await page.goto("/replications");
  await page.getByRole("button", { name: "Switch to dark theme" }).click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.getByRole("button", { name: "Switch to light theme" }).click();
  await expect(page.locator("html")).not.toHaveClass(/dark/);
});

test.describe("laptop width", () => {
  test.use({ viewport: { width: 1280, height: 800 } });
  test("the page never scrolls sideways; a wide table scrolls inside its frame", async ({
    signedIn: page,
  }) => {
    await page.goto("/replications");
    await expect(page.getByTestId("data-table")).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: "test-results/screenshots/replications-1280.png" });
  });
});
