import { expect, expectIds, replicationCount, replicationIds, test } from "./fixtures";
import { sql } from "./world";

// Issue 13 in the replications list: the Recovery point column (age, expected interval, Overdue and
// Stuck badges), the overdue / stuck filters from the filter panel, and sorting by age — each view
// against the database's answer for the same condition. Two jobs are made overdue / stuck by setting
// the instants the sync stores, and put back afterwards (other specs read the same world).

const OVERDUE = `(r.overdue_at < now() AT TIME ZONE 'UTC' AND NOT r.disable AND r.remove_job IS NULL
  AND r.status = 'active')`;
const STUCK = "(r.stuck_at < now() AT TIME ZONE 'UTC')";

interface Saved {
  id: number;
  overdue_at: Date | null;
  stuck_at: Date | null;
}
let saved: Saved[] = [];
let overdueId: number;
let stuckId: number;

test.beforeAll(async () => {
  saved = await sql<Saved>(
    `SELECT r.id, r.overdue_at, r.stuck_at FROM replication r
     WHERE r.status = 'active' AND NOT r.disable AND r.remove_job IS NULL AND r.last_sync IS NOT NULL
       AND r.expected_interval_s IS NOT NULL
     ORDER BY r.id LIMIT 2`,
  );
  expect(saved).toHaveLength(2);
  [overdueId, stuckId] = saved.map((s) => s.id);
  await sql(
    `UPDATE replication SET overdue_at = now() AT TIME ZONE 'UTC' - interval '1 hour' WHERE id = $1`,
    [overdueId],
  );
  await sql(
    `UPDATE replication SET stuck_at = now() AT TIME ZONE 'UTC' - interval '10 minutes',
       overdue_at = now() AT TIME ZONE 'UTC' + interval '1 day' WHERE id = $1`,
    [stuckId],
  );
});

test.afterAll(async () => {
  for (const s of saved) {
    await sql("UPDATE replication SET overdue_at = $2, stuck_at = $3 WHERE id = $1", [
      s.id,
      s.overdue_at,
      s.stuck_at,
    ]);
  }
});

test("overdue=true lists the overdue jobs, each with its age, interval and an Overdue badge", async ({
  signedIn: page,
}) => {
  await page.goto("/replications?overdue=true");
  const ids = await replicationIds(OVERDUE);
  expect(ids).toContain(overdueId);
  expect(ids).not.toContain(stuckId);
  await expectIds(page, ids);
  const cell = page.locator(`tr[data-row-id="${overdueId}"] td[data-column="recovery_point_age"]`);
  await expect(cell.getByText("Overdue", { exact: true })).toBeVisible();
  // The secondary text is the stored expected interval, as formatAge writes it.
  const [{ interval }] = await sql<{ interval: number }>(
    "SELECT expected_interval_s AS interval FROM replication WHERE id = $1",
    [overdueId],
  );
  const units: [number, string][] = [
    [86_400, "d"],
    [3600, "h"],
    [60, "m"],
    [1, "s"],
  ];
  const parts: string[] = [];
  let rest = interval;
  for (const [size, unit] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 && parts.length < 2) parts.push(`${n}${unit}`);
    if (parts.length > 0 && n === 0) break;
  }
  await expect(cell).toContainText(`every ≤ ${parts.join(" ")}`);
});

test("the filter panel's Stuck filter and the Recovery point sort show the database's rows", async ({
  signedIn: page,
}) => {
  await page.goto("/replications");
  await page.getByRole("button", { name: "Filters" }).click();
  const panel = page.getByRole("form", { name: "Filters" });
  await panel.getByLabel("Filter 1 field").selectOption({ label: "Stuck" });
  await panel.getByLabel("Filter 1 value").selectOption({ label: "Yes" });
  await panel.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/stuck=true/);
  const stuck = await replicationIds(STUCK);
  expect(stuck).toContain(stuckId);
  await expectIds(page, stuck);
  const cell = page.locator(`tr[data-row-id="${stuckId}"] td[data-column="recovery_point_age"]`);
  await expect(cell.getByText("Stuck", { exact: true })).toBeVisible();
  await expect(cell.getByText("Overdue", { exact: true })).toHaveCount(0);

  // Youngest recovery point first; never-synced jobs (no recovery point) last. Reversed on a second click.
  await page.goto("/replications");
  const header = page.getByRole("columnheader").getByRole("button", { name: /^Recovery point/ });
  await header.click();
  await expect(page).toHaveURL(/ordering=recovery_point_age(&|$)/);
  await expectIds(page, await replicationIds("true", { order: "r.last_sync DESC NULLS LAST" }));
  await header.click();
  await expect(page).toHaveURL(/ordering=-recovery_point_age(&|$)/);
  await expectIds(page, await replicationIds("true", { order: "r.last_sync ASC NULLS FIRST" }));
  expect(await replicationCount(OVERDUE)).toBeGreaterThan(0);
});
