import { expect, test } from "./fixtures";
import { endpointByName, screenshotPath, simAdmin, sql, sqlCount } from "./ops-helpers";

// Sync Now from an endpoint's page: live progress with stage names and the log while the run works,
// then counts; a job added in Proxmox meanwhile shows up in the replication list.

test.describe.configure({ mode: "serial" });

const finalRun = "[data-testid=live-run][data-state=succeeded], [data-testid=live-run][data-state=partial]";

test("Sync Now shows live progress to done, and the list then holds the new job", async ({
  signedIn: page,
}) => {
  const request = page.request;
  const prod = await endpointByName(request, "pve-prod");
  const before = await sqlCount("select count(*) n from replication where endpoint_id = $1", [prod.id]);
  const jobId = "101-1";
  await simAdmin(prod.url, "addJob", "pve-prod", {
    id: jobId,
    target: "pve3",
    source: "pve1",
    schedule: "*/30",
  });
  // Slow the job list down so the run is visibly under way for a moment.
  await simAdmin(prod.url, "addFault", {
    cluster: "pve-prod",
    path: "/cluster/replication",
    delayMs: 2500,
    times: 1,
  });

  await page.goto(`/endpoints/${prod.id}`);
  await expect(page.getByRole("heading", { name: "pve-prod", level: 1, exact: true })).toBeVisible();
  await page.getByRole("radio", { name: /Replications only/ }).check();
  await page.getByRole("button", { name: "Sync now" }).click();

  const run = page.getByTestId("live-run");
  // While it works: a stage is running, the bar says where, the log streams.
  await expect(run.locator("[data-stage][data-state=running]")).toHaveCount(1);
  await expect(page.getByRole("progressbar", { name: "Sync progress" })).toBeVisible();
  await expect(run.locator("[data-stage='replication jobs']")).toBeVisible();
  await expect(page.getByRole("log", { name: "Sync log" })).toContainText("Proxmox VE 9.1.3");
  await page.screenshot({ path: screenshotPath("endpoint-sync-running"), fullPage: true });

  // Then: final state, 100 %, every stage done, the new job counted as created.
  await expect(page.locator(finalRun)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId("run-progress-value")).toHaveText("100%");
  const stages = run.locator("[data-stage]");
  await expect(stages).toHaveCount(5);
  await expect(run.locator("[data-stage][data-state=succeeded]")).toHaveCount(5);
  for (const name of ["cluster", "nodes", "virtual machines", "replication jobs", "replication health"]) {
    await expect(run.locator(`[data-stage='${name}']`)).toContainText("done");
  }
  await expect(page.getByTestId("run-counts").locator("[data-count=created] dd")).toHaveText("1");
  await page.screenshot({ path: screenshotPath("endpoint-detail"), fullPage: true });

  const after = await sqlCount("select count(*) n from replication where endpoint_id = $1", [prod.id]);
  expect(after).toBe(before + 1);
  // The endpoint's inventory and the filtered replication list follow.
  await expect(page.getByTestId("endpoint-inventory").locator("[data-count=replications] a")).toHaveText(
    String(after),
  );
  await page.getByTestId("endpoint-inventory").locator("[data-count=replications] a").click();
  await expect(page).toHaveURL(new RegExp(`/replications\\?endpoint_id=${prod.id}$`));
  await expect(page.getByRole("cell", { name: jobId, exact: true })).toBeVisible();
  await expect(page.getByTestId("pagination-summary")).toContainText(`of ${after}`);
});

test("a second Sync Now while a run works shows that run instead of starting another", async ({
  signedIn: page,
}) => {
  const request = page.request;
  const lab = await endpointByName(request, "pve-lab");
  await simAdmin(lab.url, "addFault", { cluster: "pve-lab", path: "/version", delayMs: 2000, times: 1 });
  const runsBefore = await sqlCount("select count(*) n from sync_run where endpoint_id = $1", [lab.id]);
  await page.goto(`/endpoints/${lab.id}`);
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByTestId("live-run")).toHaveAttribute("data-state", /queued|running/);
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.getByRole("status").filter({ hasText: "already under way" })).toBeVisible();
  await expect(page.locator(finalRun)).toBeVisible({ timeout: 30_000 });
  expect(await sqlCount("select count(*) n from sync_run where endpoint_id = $1", [lab.id])).toBe(
    runsBefore + 1,
  );
});

test("the sync-run list and a run's page show state, counts, stages and the log", async ({
  signedIn: page,
}) => {
  await page.goto("/sync-runs");
  const [latest] = await sql<{ id: number; state: string; kind: string; name: string }>(
    "select r.id, r.state::text state, r.kind::text kind, e.name from sync_run r join proxmox_endpoint e on e.id = r.endpoint_id order by r.id desc limit 1",
  );
  const table = page.getByTestId("sync-runs-table");
  await expect(table).toBeVisible();
  const total = await sqlCount("select count(*) n from sync_run");
  await expect(page.getByTestId("pagination-summary")).toContainText(`of ${total}`);
  const row = table.locator(`tr[data-run-id="${latest.id}"]`);
  await expect(row).toContainText(latest.name);
  await expect(row.locator("[data-run-state]")).toHaveAttribute("data-run-state", latest.state);
  await expect(row).toContainText("manual");
  await expect(row).toContainText(/\d+ created, \d+ updated, \d+ unchanged/);
  await page.screenshot({ path: screenshotPath("sync-runs"), fullPage: true });

  await row.getByRole("link", { name: `#${latest.id}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`Sync run #${latest.id}`);
  await expect(page.getByTestId("run-stages").locator("li")).toHaveCount(latest.kind === "full" ? 6 : 5);
  await expect(page.getByTestId("run-counts")).toBeVisible();
  await expect(page.getByRole("log", { name: "Sync log" })).toContainText("Proxmox VE");
  await page.screenshot({ path: screenshotPath("sync-run"), fullPage: true });
});
