import { formatExact } from "@/components/ui/format";
import { formatRate } from "@/components/ui/rate";
import { nextEvents } from "@/lib/calendar-event";
import { HEALTH_LABELS, type HealthState } from "@/lib/vocabulary";
import { expect, test } from "./fixtures";
import { sql } from "./world";

// The detail page shows every field of the job, its health, the schedule's next five runs in the
// cluster's time zone, the change log, and "Sync now" runs a one-job sync to the end.

interface Row {
  id: number;
  replication_id: string;
  guest: number;
  jobnum: number;
  target: string;
  source: string | null;
  schedule: string;
  rate: number | null;
  comment: string | null;
  status: string;
  health: string;
  error: string | null;
  fail_count: number | null;
  raw_config: unknown;
  endpoint: string;
  endpoint_id: number;
  tz: string | null;
  cluster: string | null;
  vm_name: string | null;
  vm_id: number | null;
  node_name: string | null;
}

async function pick(where: string): Promise<Row> {
  const [r] = await sql<Row>(
    `select r.id, r.replication_id, r.guest, r.jobnum, r.target, r.source, r.schedule, r.rate, r.comment,
            r.status::text, r.health, r.error, r.fail_count, r.raw_config, e.name as endpoint, e.id as endpoint_id,
            e.timezone as tz, e.cluster_name as cluster, vm.name as vm_name, vm.id as vm_id, pn.name as node_name
     from replication r join proxmox_endpoint e on e.id = r.endpoint_id
     left join virtual_machine vm on vm.id = r.virtual_machine_id left join proxmox_node pn on pn.id = r.proxmox_node_id
     where ${where} order by r.id limit 1`,
  );
  if (!r) throw new Error(`no replication where ${where}`);
  return r;
}

const attr = (page: import("@playwright/test").Page, field: string) =>
  page.locator(`tr[data-field="${field}"] td`);

test("the detail page shows every field", async ({ signedIn: page }) => {
  const r = await pick(
    "r.error is not null and r.virtual_machine_id is not null and r.proxmox_node_id is not null",
  );
  await page.goto(`/replications/${r.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${r.vm_name} - ${r.replication_id}`);
  await expect(page.getByText(`proxbox.replication:${r.id}`)).toBeVisible();

  await expect(attr(page, "replication_id")).toHaveText(r.replication_id);
  await expect(attr(page, "endpoint")).toHaveText(r.endpoint);
  await expect(attr(page, "endpoint").getByRole("link")).toHaveAttribute(
    "href",
    `/endpoints/${r.endpoint_id}`,
  );
  await expect(attr(page, "virtual_machine").getByRole("link")).toHaveAttribute(
    "href",
    `/virtual-machines/${r.vm_id}`,
  );
  await expect(attr(page, "virtual_machine")).toContainText(r.vm_name ?? "");
  await expect(attr(page, "guest")).toHaveText(String(r.guest));
  await expect(attr(page, "jobnum")).toHaveText(String(r.jobnum));
  await expect(attr(page, "source")).toHaveText(r.source ?? "—");
  await expect(attr(page, "target")).toContainText(r.node_name ?? r.target);
  await expect(attr(page, "schedule")).toHaveText(r.schedule);
  await expect(attr(page, "rate")).toHaveText(formatRate(r.rate));
  await expect(attr(page, "comment")).toHaveText(r.comment ?? "—");
  await expect(attr(page, "status")).toHaveText(r.status === "stale" ? "Stale" : "Active");
  await expect(attr(page, "health")).toHaveText(HEALTH_LABELS[r.health as HealthState]);
  await expect(attr(page, "error")).toHaveText(r.error ?? "");
  await expect(attr(page, "fail_count")).toHaveText(r.fail_count === null ? "—" : String(r.fail_count));
  await expect(attr(page, "endpoint.cluster_name")).toHaveText(r.cluster ?? "—");
  await expect(attr(page, "endpoint.timezone")).toHaveText(r.tz ?? "—");
  for (const field of [
    "job_type",
    "disable",
    "remove_job",
    "stale_since",
    "first_seen",
    "last_seen",
    "created",
    "last_updated",
    "last_sync",
    "last_try",
    "next_sync",
    "duration",
    "syncing_pid",
    "health_checked_at",
    "id",
  ]) {
    await expect(attr(page, field), field).toHaveCount(1);
  }
  const raw = await page
    .getByRole("figure", { name: "Raw Proxmox configuration" })
    .locator("pre")
    .textContent();
  expect(JSON.parse(raw ?? "null")).toEqual(r.raw_config);

  // Next five runs, in the cluster's time zone.
  const tz = r.tz ?? "UTC";
  const runs = page.getByTestId("next-runs").locator("li");
  await expect(runs).toHaveCount(5);
  const shown = await runs.allTextContents();
  const now = Date.now() / 1000;
  const candidates = [nextEvents(r.schedule, now - 120, 6, tz), nextEvents(r.schedule, now, 6, tz)].map(
    (xs) => xs.map((t) => formatExact(new Date(t * 1000), tz)),
  );
  expect(
    candidates.some((c) =>
      [0, 1].some((skip) => JSON.stringify(c.slice(skip, skip + 5)) === JSON.stringify(shown)),
    ),
  ).toBe(true);
});

test("the change-log tab lists this job's object changes with their diff", async ({ signedIn: page }) => {
  const [row] = await sql<{ id: number }>(
    `select changed_object_id as id from object_change where changed_object_type = 'proxbox.replication'
       and changed_object_id in (select id from replication)
     group by changed_object_id order by count(*) desc, changed_object_id limit 1`,
  );
  const changes = await sql<{
    id: number;
    action: string;
    user_name: string;
    pre: Record<string, unknown> | null;
    post: Record<string, unknown> | null;
  }>(
    `select id, action::text, user_name, prechange_data as pre, postchange_data as post from object_change
     where changed_object_type = 'proxbox.replication' and changed_object_id = $1 order by time desc, id desc`,
    [row.id],
  );
  await page.goto(`/replications/${row.id}`);
  await page.getByRole("link", { name: /Change log/ }).click();
  await expect(page).toHaveURL(`/replications/${row.id}/changelog`);
  const table = page.getByTestId("changelog");
  await expect(table.locator("tr[data-change-id]")).toHaveCount(changes.length);
  const labels = { create: "Created", update: "Updated", delete: "Deleted" } as Record<string, string>;
  for (const [i, c] of changes.entries()) {
    const tr = table.locator("tr[data-change-id]").nth(i);
    await expect(tr).toHaveAttribute("data-change-id", String(c.id));
    await expect(tr).toContainText(labels[c.action]);
    await expect(tr).toContainText(c.user_name);
    if (c.action === "update" && c.pre && c.post) {
      const changed = Object.keys(c.post).filter(
        (k) => JSON.stringify(c.pre?.[k]) !== JSON.stringify(c.post?.[k]),
      );
      await expect(tr.locator("[data-diff-field]")).toHaveCount(changed.length);
    }
  }
});

test.describe("sync now", () => {
  test.use({ role: "operator" });
  test("runs a one-job sync to the end and refreshes the page", async ({ signedIn: page }) => {
    const r = await pick("r.status = 'active' and r.health = 'ok'");
    const [{ max }] = await sql<{ max: number }>("select coalesce(max(id), 0)::int as max from sync_run");
    await page.goto(`/replications/${r.id}`);
    await page.getByRole("button", { name: "Sync now" }).click();
    const run = page.getByTestId("sync-run");
    await expect(run).toBeVisible();
    await expect(run).toContainText(/succeeded|partial/, { timeout: 60_000 });
    await expect(page.getByRole("button", { name: "Sync now" })).toBeEnabled();
    const runs = await sql<{
      kind: string;
      target: string;
      state: string;
      requested_by: string;
      endpoint_id: number;
    }>(
      "select kind::text, target, state::text, requested_by, endpoint_id from sync_run where id > $1 order by id",
      [max],
    );
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      kind: "replication",
      target: r.replication_id,
      endpoint_id: r.endpoint_id,
      requested_by: "e2e-operator",
    });
    expect(["succeeded", "partial"]).toContain(runs[0].state);
  });
});

test("viewers see no Sync now", async ({ page }) => {
  const { signIn } = await import("./fixtures");
  await signIn(page, "viewer");
  const r = await pick("true");
  await page.goto(`/replications/${r.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sync now" })).toHaveCount(0);
});
