import { expect, test } from "./fixtures";
import { screenshotPath, sql, sqlCount } from "./ops-helpers";

// The overview's numbers are the database's: health of active jobs, totals, failing jobs first.

const STATES = ["error", "unknown", "removal_scheduled", "pending", "syncing", "disabled", "ok"];

test("overview counts match SQL and failing jobs come first", async ({ signedIn: page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  const byHealth = new Map(
    (
      await sql<{ health: string; n: number }>(
        "select health, count(*)::int n from replication where status = 'active' group by health",
      )
    ).map((r) => [r.health, r.n]),
  );
  for (const s of STATES) {
    await expect(page.getByTestId(`health-count-${s}`)).toHaveText(String(byHealth.get(s) ?? 0));
  }
  const totals = page.getByTestId("overview-totals");
  const expectTotal = async (k: string, where: string) =>
    expect(totals.locator(`[data-total=${k}] dd`)).toHaveText(
      String(await sqlCount(`select count(*) n from replication ${where}`)),
    );
  await expectTotal("jobs", "");
  await expectTotal("active", "where status = 'active'");
  await expectTotal("stale", "where status = 'stale'");
  await expectTotal("unlinked", "where virtual_machine_id is null");
  await expectTotal(
    "failing",
    "where status = 'active' and health in ('error', 'unknown', 'removal_scheduled')",
  );

  // The picture: one segment per state present, each a labelled link.
  const bar = page.getByTestId("health-bar");
  await expect(bar.locator("a[data-health]")).toHaveCount([...byHealth.values()].filter((n) => n > 0).length);
  await expect(bar.locator("a[data-health=error]")).toHaveAttribute(
    "aria-label",
    `Error: ${byHealth.get("error")} jobs`,
  );

  // Failing jobs: errors first, then unknown, then removal scheduled.
  const healths = await page
    .getByTestId("failing-jobs")
    .locator("tbody tr")
    .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-health")));
  expect(healths.length).toBeGreaterThan(0);
  const rank = (h: string | null) => ["error", "unknown", "removal_scheduled"].indexOf(h ?? "");
  expect(healths.map(rank)).toEqual([...healths.map(rank)].sort((a, b) => a - b));
  expect(healths[0]).toBe("error");

  // Last sync per endpoint.
  for (const name of ["pve-prod", "pve-lab"]) {
    await expect(page.getByTestId("endpoint-syncs").locator(`[data-endpoint="${name}"]`)).toBeVisible();
  }
  await page.screenshot({ path: screenshotPath("overview"), fullPage: true });

  // A segment opens the filtered list.
  await bar.locator("a[data-health=error]").click();
  await expect(page).toHaveURL(/\/replications\?status=active&health=error$/);
});

test("overview in dark mode", async ({ signedIn: page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.addInitScript(() => localStorage.setItem("proxbox-theme", "dark"));
  await page.goto("/");
  await expect(page.getByTestId("health-bar")).toBeVisible();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.screenshot({ path: screenshotPath("overview-dark"), fullPage: true });
});
