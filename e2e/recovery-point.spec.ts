import type { APIRequestContext } from "@playwright/test";
import { expect, test, visibleIds } from "./fixtures";
import { endpointByName, screenshotPath, simAdmin, sql, sqlCount, trpcMutation } from "./ops-helpers";

// Issue 13's operator story: a job's source node goes offline, so Proxmox cannot run the job and its
// newest replica only gets older; once the age passes the schedule's allowance the job is overdue.
// The operator sees it on the job's page (with the node offline), on the overview (count and the
// most-overdue list) and in the list filtered overdue=true, and every number is the database's.
//
// A new job 209-0 of pve-lab replicates guest 209 from lab2 every 15 minutes (Proxmox's default):
// expected interval 900 s, allowance 900 × 2 (the default grace factor) + its 0.4 s duration =
// 1,800.4 s. Its last sync is set 1,780 s in the past, so it is on schedule at the first sync and
// overdue about 20 s later; meanwhile lab2 goes offline, so the next sync cannot bring a newer one.
// (The demo's own lab2 jobs are failing, disabled, syncing or scheduled for removal.)

test.describe.configure({ mode: "serial" });

const CLUSTER = "pve-lab";
const JOB = "209-0";
const SOURCE = "lab2";
const STATE = { fail_count: 0, duration: 0.4 };

async function syncReplications(request: APIRequestContext, endpointId: number): Promise<void> {
  const before = await sqlCount("select coalesce(max(id), 0) n from sync_run where endpoint_id = $1", [
    endpointId,
  ]);
  await trpcMutation(request, "endpoints.sync", { id: endpointId, kind: "replications" });
  await expect
    .poll(
      async () =>
        (
          await sql<{ state: string }>(
            "select state::text from sync_run where endpoint_id = $1 and id > $2 order by id desc limit 1",
            [endpointId, before],
          )
        )[0]?.state ?? "none",
      { timeout: 30_000 },
    )
    .toMatch(/^(succeeded|partial)$/);
}

interface JobRow {
  id: number;
  health: string;
  last_sync: Date | null;
  overdue_at: Date | null;
  overdue: boolean;
}
async function jobRow(endpointId: number): Promise<JobRow> {
  const [row] = await sql<JobRow>(
    `select id, health, last_sync, overdue_at,
            coalesce(overdue_at < (now() at time zone 'utc'), false) as overdue
       from replication where endpoint_id = $1 and replication_id = $2`,
    [endpointId, JOB],
  );
  return row;
}

test("a job whose source node went offline becomes overdue, and the operator sees it everywhere", async ({
  signedIn: page,
}) => {
  test.setTimeout(120_000);
  const request = page.request;
  const lab = await endpointByName(request, CLUSTER);
  await simAdmin(lab.url, "addJob", CLUSTER, { id: JOB, target: "lab1", source: SOURCE });
  try {
    // 1. Online, last sync 1,780 s ago: within the allowance.
    await simAdmin(lab.url, "setJobState", CLUSTER, JOB, {
      ...STATE,
      last_sync: -1780,
      last_try: -1780,
    });
    await syncReplications(request, lab.id);
    const before = await jobRow(lab.id);
    expect(before.health).toBe("ok");
    expect(before.overdue).toBe(false);
    // overdue_at = last sync + 1,800.4 s, as computed by hand above.
    expect(before.overdue_at?.getTime()).toBe((before.last_sync?.getTime() ?? 0) + 1_800_400);

    // 2. The source node goes offline; the job cannot run, its last sync stays where it was.
    await simAdmin(lab.url, "setNodeOnline", CLUSTER, SOURCE, false);
    await expect
      .poll(async () => (await jobRow(lab.id)).overdue, { timeout: 40_000, intervals: [1000] })
      .toBe(true);
    await syncReplications(request, lab.id);
    const after = await jobRow(lab.id);
    expect(after.health).toBe("unknown");
    expect(after.last_sync).toEqual(before.last_sync);
    expect(after.overdue).toBe(true);

    // 3. The job's page: overdue badge, "overdue since", the source node offline, the age.
    await page.goto(`/replications/${after.id}`);
    const panel = page.getByRole("region", { name: "Recovery point" });
    await expect(panel.getByTestId("badge-overdue")).toHaveText("Overdue");
    await expect(panel.getByTestId("overdue-at")).toContainText("overdue since");
    await expect(panel.getByTestId("source-node-state")).toHaveText("offline");
    await expect(panel.getByTestId("expected-interval")).toHaveText("15 min");
    await expect(
      page.getByRole("region", { name: /Health history/ }).getByTestId("health-timeline"),
    ).toContainText("Unknown");
    await page.screenshot({ path: screenshotPath("replication-overdue"), fullPage: true });

    // 4. The overview: the overdue count is the database's, and the job is in the most-overdue list
    //    in the database's order (smallest overdue_at first, ten at most).
    const overdueWhere = `status = 'active' and not disable and remove_job is null
      and overdue_at is not null and overdue_at < (now() at time zone 'utc')`;
    await page.goto("/");
    const count = await sqlCount(`select count(*) n from replication where ${overdueWhere}`);
    expect(count).toBeGreaterThan(0);
    await expect(page.getByTestId("recovery-totals").locator("[data-total=overdue] dd")).toHaveText(
      String(count),
    );
    const worst = (
      await sql<{ replication_id: string }>(
        `select r.replication_id from replication r join proxmox_endpoint e on e.id = r.endpoint_id
          where ${overdueWhere.replaceAll(/\b(status|disable|remove_job|overdue_at)\b/g, "r.$1")}
          order by r.overdue_at, e.name, r.guest, r.jobnum limit 10`,
      )
    ).map((r) => r.replication_id);
    expect(worst).toContain(JOB);
    await expect(page.getByTestId("most-overdue").locator("tbody tr")).toHaveCount(worst.length);
    expect(
      await page
        .getByTestId("most-overdue")
        .locator("tbody tr")
        .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-job"))),
    ).toEqual(worst);
    await page.screenshot({ path: screenshotPath("overview-overdue"), fullPage: true });

    // 5. The tile leads to the list filtered overdue=true, which holds exactly those jobs.
    await page.getByTestId("recovery-totals").locator("[data-total=overdue] a").click();
    await expect(page).toHaveURL(/\/replications\?overdue=true$/);
    await expect(page.getByTestId("pagination-summary")).toHaveText(new RegExp(` of ${count}$`));
    const overdueIds = (await sql<{ id: number }>(`select id from replication where ${overdueWhere}`))
      .map((r) => r.id)
      .sort((a, b) => a - b);
    expect((await visibleIds(page)).sort((a, b) => a - b)).toEqual(overdueIds);
    await expect(page.getByRole("cell", { name: JOB, exact: true })).toBeVisible();
  } finally {
    // Put pve-lab back as the other specs know it; the new job stays, freshly synced (as sync.spec's does).
    await simAdmin(lab.url, "setNodeOnline", CLUSTER, SOURCE, true);
    await simAdmin(lab.url, "setJobState", CLUSTER, JOB, { ...STATE, last_sync: -60, last_try: -60 });
    await syncReplications(request, lab.id);
  }
});
