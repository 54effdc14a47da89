import { expect, test } from "./fixtures";
import { screenshotPath, sql } from "./ops-helpers";

// Schedules: create one, see its next run, change it to a cron expression, disable it, delete it.

test("create, see the next run, edit, disable and delete a schedule", async ({ signedIn: page }) => {
  await page.goto("/schedules");
  await expect(page.getByRole("heading", { name: "Schedules", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Add" }).click();
  const dialog = page.getByRole("dialog", { name: "Add schedule" });
  await dialog.getByLabel("Name").fill("e2e every 30");
  await dialog.getByLabel("Kind").selectOption("full");
  await dialog.getByRole("radio", { name: "Chosen endpoints" }).check();
  await dialog.getByRole("checkbox", { name: "pve-lab" }).check();
  await dialog.getByLabel("Minutes between runs").fill("30");
  await dialog.getByRole("button", { name: "Create" }).click();
  await expect(dialog).toBeHidden();

  const row = page.locator('tr[data-schedule="e2e every 30"]');
  await expect(row).toContainText("every 30 min");
  await expect(row).toContainText("pve-lab");
  await expect(row.getByTestId("next-run")).toContainText(/in (30|29) minutes/);
  const [stored] = await sql<{ next_run_at: Date; enabled: boolean }>(
    "select next_run_at, enabled from sync_schedule where name = $1",
    ["e2e every 30"],
  );
  expect(stored.enabled).toBe(true);
  expect(Math.abs(stored.next_run_at.getTime() - (Date.now() + 30 * 60_000))).toBeLessThan(60_000);
  await page.screenshot({ path: screenshotPath("schedules"), fullPage: true });

  // Edit: a cron expression instead.
  await row.getByRole("button", { name: "Edit e2e every 30" }).click();
  const edit = page.getByRole("dialog", { name: "Edit schedule e2e every 30" });
  await edit.getByRole("radio", { name: "On a cron expression" }).check();
  await edit.getByRole("textbox", { name: "Cron expression" }).fill("15 3 * * *");
  await expect(edit.getByText(/^Next: /)).toBeVisible();
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText("15 3 * * *");
  await expect(row.getByTestId("next-run")).toContainText(/in \d+ hours?|tomorrow|in \d+ minutes/);

  // Disable: no next run.
  await row.getByRole("checkbox", { name: "e2e every 30 enabled" }).click();
  await expect(row).toContainText("off");
  await expect(row.getByTestId("next-run")).toHaveText("—");
  const [disabled] = await sql<{ next_run_at: Date | null; enabled: boolean }>(
    "select next_run_at, enabled from sync_schedule where name = $1",
    ["e2e every 30"],
  );
  expect(disabled).toEqual({ next_run_at: null, enabled: false });

  // Delete, confirmed.
  await row.getByRole("button", { name: "Delete e2e every 30" }).click();
  await page
    .getByRole("dialog", { name: "Delete schedule e2e every 30?" })
    .getByRole("button", { name: "Delete" })
    .click();
  await expect(row).toHaveCount(0);
  expect(await sql("select id from sync_schedule where name = $1", ["e2e every 30"])).toEqual([]);
});
