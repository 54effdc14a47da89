import { expect, test } from "./fixtures";
import { sql } from "./world";

// Screenshots of every page this suite owns, light and (for the list) dark, for the README and review.

test.use({ viewport: { width: 1440, height: 900 } });

test("screenshots", async ({ signedIn: page }) => {
  const [r] = await sql<{ id: number; vm: number }>(
    "select id, virtual_machine_id as vm from replication where virtual_machine_id is not null and error is not null order by id limit 1",
  );
  const [any] = await sql<{ id: number; vm: number }>(
    "select id, virtual_machine_id as vm from replication where virtual_machine_id is not null order by id limit 1",
  );
  const rep = r ?? any;
  await page.goto("/replications");
  await expect(page.getByTestId("data-table")).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/replications.png", fullPage: true });
  await page.getByRole("button", { name: /switch to dark theme/i }).click();
  await page.screenshot({ path: "test-results/screenshots/replications-dark.png", fullPage: true });
  await page.getByRole("button", { name: /switch to light theme/i }).click();
  await page.goto(`/replications/${rep.id}`);
  await page.screenshot({ path: "test-results/screenshots/replication-detail.png", fullPage: true });
  await page.goto(`/replications/${rep.id}/changelog`);
  await page.screenshot({ path: "test-results/screenshots/replication-changelog.png", fullPage: true });
  await page.goto("/virtual-machines");
  await expect(page.getByTestId("data-table")).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/virtual-machines.png", fullPage: true });
  await page.goto(`/virtual-machines/${rep.vm}`);
  await page.screenshot({ path: "test-results/screenshots/virtual-machine.png", fullPage: true });
  await page.goto(`/virtual-machines/${rep.vm}/proxbox`);
  await expect(page.getByTestId("data-table")).toBeVisible();
  await page.screenshot({ path: "test-results/screenshots/virtual-machine-proxbox.png", fullPage: true });
});
