import { expect, parseCsv, replicationIds, signIn, signOut, test } from "./fixtures";
import { sql, USERS } from "./world";

// Column choice (NetBox's "Configure table") and the CSV export of the current view.

const headers = (page: import("@playwright/test").Page) =>
  page
    .getByTestId("data-table")
    .locator("thead th[data-column]")
    .evaluateAll((ths) => ths.map((th) => th.getAttribute("data-column")));

const DEFAULTS = [
  "replication_id",
  "virtual_machine",
  "endpoint",
  "target",
  "schedule",
  "rate",
  "health",
  "last_sync",
  "recovery_point_age",
  "next_sync",
  "status",
];

test.describe("column chooser", () => {
  test("the choice is saved for the user: it survives a reload and a new login", async ({
    signedIn: page,
  }) => {
    await page.goto("/replications");
    await expect.poll(() => headers(page)).toEqual(DEFAULTS);

    await page.getByRole("button", { name: "Configure table" }).click();
    const dialog = page.getByRole("dialog", { name: "Table configuration" });
    await dialog.getByRole("button", { name: "Add column Fail count" }).click();
    await dialog.getByRole("button", { name: "Add column Duration" }).click();
    await dialog.getByRole("button", { name: "Remove column Rate" }).click();
    await dialog.getByRole("button", { name: "Move Health up" }).click();
    await dialog.getByRole("button", { name: "Apply" }).click();

    const chosen = [
      "replication_id",
      "virtual_machine",
      "endpoint",
      "target",
      "health",
      "schedule",
      "last_sync",
      "recovery_point_age",
      "next_sync",
      "status",
      "fail_count",
      "duration",
    ];
    await expect.poll(() => headers(page)).toEqual(chosen);
    await expect
      .poll(async () => {
        const [u] = await sql<{ p: { tables?: { replications?: { columns?: string[] } } } }>(
          'select preferences as p from "user" where username = $1',
          [USERS.admin.username],
        );
        return u.p.tables?.replications?.columns;
      })
      .toEqual(chosen.slice(1));

    await page.reload();
    await expect.poll(() => headers(page)).toEqual(chosen);

    await signOut(page);
    await signIn(page, "admin");
    await page.goto("/replications");
    await expect.poll(() => headers(page)).toEqual(chosen);

    // Another user still has the defaults.
    await signOut(page);
    await signIn(page, "operator");
    await page.goto("/replications");
    await expect.poll(() => headers(page)).toEqual(DEFAULTS);

    // Reset brings the defaults back for the admin.
    await signOut(page);
    await signIn(page, "admin");
    await page.goto("/replications");
    await page.getByRole("button", { name: "Configure table" }).click();
    await page
      .getByRole("dialog", { name: "Table configuration" })
      .getByRole("button", { name: "Reset" })
      .click();
    await expect.poll(() => headers(page)).toEqual(DEFAULTS);
  });
});

test.describe("CSV export", () => {
  test("current view: visible columns, every matching row (not just the page), in the view's order", async ({
    signedIn: page,
  }) => {
    await page.goto("/replications?limit=25&health__n=ok&ordering=-guest");
    const ids = await replicationIds("r.health <> 'ok'", { order: "r.guest DESC", limit: 1000 });
    const expected = await sql<{ replication_id: string }>(
      "select replication_id from replication where id = any($1) order by array_position($1, id)",
      [ids],
    );
    await expect(page.getByTestId("data-table")).toBeVisible();
    await page.getByRole("button", { name: "Export" }).click();
    const downloadPromise = page.waitForEvent("download");
    await page.getByRole("menuitem", { name: "Current view" }).click();
    const download = await downloadPromise;
    expect(download.suggestedFilename()).toBe("proxbox_replications.csv");
    const rows = parseCsv(
      await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString("utf8")),
    );
    expect(rows[0]).toEqual([
      "Replication ID",
      "Virtual Machine",
      "Endpoint",
      "Target",
      "Schedule",
      "Rate",
      "Health",
      "Last Sync",
      "Recovery Point Age",
      "Next Sync",
      "Status",
    ]);
    expect(rows.slice(1).map((r) => r[0])).toEqual(expected.map((r) => r.replication_id));
  });

  test("all data: every column, every matching row", async ({ signedIn: page }) => {
    await page.goto("/replications?status=active&limit=25");
    const [{ n }] = await sql<{ n: number }>(
      "select count(*)::int n from replication where status = 'active'",
    );
    await expect(page.getByTestId("data-table")).toBeVisible();
    await page.getByRole("button", { name: "Export" }).click();
    const downloadPromise = page.waitForEvent("download");
    await page.getByRole("menuitem", { name: "All data (CSV)" }).click();
    const download = await downloadPromise;
    const rows = parseCsv(
      await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString("utf8")),
    );
    expect(rows[0]).toContain("Fail Count");
    expect(rows[0]).toContain("Error");
    expect(rows[0]).toContain("Recovery Point Age");
    expect(rows[0]).toContain("Overdue");
    expect(rows[0].length).toBe(30);
    expect(rows.length - 1).toBe(n);
    const idCol = rows[0].indexOf("ID");
    const dbIds = (await sql<{ id: number }>("select id from replication where status = 'active'"))
      .map((r) => r.id)
      .sort((a, b) => a - b);
    expect(
      rows
        .slice(1)
        .map((r) => Number(r[idCol]))
        .sort((a, b) => a - b),
    ).toEqual(dbIds);
  });
});
