import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { sql } from "./world";

// The detail page shows every field of the job, its health, the schedule's next five runs in the
// cluster's time zone, the change log, and "Sync now" runs a one-job sync to the end.
// Expected values are written out from the demo scenario (src/simulator/scenarios/demo.json) and from
// Proxmox's semantics, never produced by the app's own formatters.

interface Row {
  id: number;
  replication_id: string;
  endpoint_id: number;
  vm_id: number | null;
  comment: string | null;
  raw_config: unknown;
  status: string;
  health: string;
}

async function pick(where: string, params: unknown[] = []): Promise<Row> {
  const [r] = await sql<Row>(
    `select r.id, r.replication_id, r.endpoint_id, r.virtual_machine_id as vm_id, r.comment, r.raw_config,
            r.status::text, r.health
     from replication r join proxmox_endpoint e on e.id = r.endpoint_id
     where ${where} order by r.id limit 1`,
    params,
  );
  if (!r) throw new Error(`no replication where ${where}`);
  return r;
}

/** A demo job by its cluster and Proxmox id ("<guest>-<jobnum>"). */
const job = (endpoint: string, replicationId: string) =>
  pick("e.name = $1 and r.replication_id = $2", [endpoint, replicationId]);

const attr = (page: Page, field: string) => page.locator(`tr[data-field="${field}"] td`);

// ——— an independent oracle for "mon..fri 00:00" in Europe/Berlin ———

/** Epoch ms of 01:00 UTC on the last Sunday of a month: when the EU changes its clocks. */
function lastSundayAt0100Utc(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0, 1));
  return lastDay.getTime() - lastDay.getUTCDay() * 86_400_000;
}

/** Europe/Berlin: UTC+2 from the last Sunday of March to the last Sunday of October, else UTC+1. */
function berlinOffsetHours(ms: number): number {
  const year = new Date(ms).getUTCFullYear();
  return ms >= lastSundayAt0100Utc(year, 2) && ms < lastSundayAt0100Utc(year, 9) ? 2 : 1;
}

/** The first `count` minutes after `fromMs` whose Berlin wall clock is Monday–Friday 00:00, as the page writes them. */
function weekdayMidnightsInBerlin(fromMs: number, count: number): { at: number; text: string }[] {
  const out: { at: number; text: string }[] = [];
  for (let m = Math.floor(fromMs / 60_000) + 1; out.length < count; m++) {
    const at = m * 60_000;
    const offset = berlinOffsetHours(at);
    const wall = new Date(at + offset * 3_600_000);
    const weekday = wall.getUTCDay();
    if (weekday === 0 || weekday === 6 || wall.getUTCHours() !== 0 || wall.getUTCMinutes() !== 0) continue;
    const day = wall.toISOString().slice(0, 10);
    out.push({ at, text: `${day} 00:00:00 GMT+${offset}` });
  }
  return out;
}

test("the detail page shows every field", async ({ signedIn: page }) => {
  // pve-prod's 109-0: win-ad-01 (qemu, on pve1) to pve2, "mon..fri 00:00", failing five times.
  const r = await job("pve-prod", "109-0");
  const before = Date.now();
  await page.goto(`/replications/${r.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("win-ad-01 - 109-0");
  await expect(page.getByText(`proxbox.replication:${r.id}`)).toBeVisible();

  await expect(attr(page, "replication_id")).toHaveText("109-0");
  await expect(attr(page, "endpoint")).toHaveText("pve-prod");
  await expect(attr(page, "endpoint").getByRole("link")).toHaveAttribute(
    "href",
    `/endpoints/${r.endpoint_id}`,
  );
  await expect(attr(page, "virtual_machine").getByRole("link")).toHaveAttribute(
    "href",
    `/virtual-machines/${r.vm_id}`,
  );
  await expect(attr(page, "virtual_machine")).toHaveText("win-ad-01 (qemu 109)");
  await expect(attr(page, "guest")).toHaveText("109");
  await expect(attr(page, "jobnum")).toHaveText("0");
  await expect(attr(page, "job_type")).toHaveText("Local");
  await expect(attr(page, "source")).toHaveText("pve1");
  await expect(attr(page, "target")).toHaveText(/^pve2\s*online$/);
  await expect(attr(page, "schedule")).toHaveText("mon..fri 00:00");
  await expect(attr(page, "rate")).toHaveText("unlimited");
  await expect(attr(page, "disable")).toHaveText("Enabled");
  await expect(attr(page, "remove_job")).toHaveText("—");
  // The demo job has no comment; an earlier bulk-edit test may have given it one.
  await expect(attr(page, "comment")).toHaveText(r.comment ?? "—");
  await expect(attr(page, "status")).toHaveText("Active");
  await expect(attr(page, "health")).toHaveText("Error");
  await expect(attr(page, "error")).toHaveText("no such volid 'local-zfs:vm-109-disk-1'");
  await expect(attr(page, "fail_count")).toHaveText("5");
  await expect(attr(page, "endpoint.cluster_name")).toHaveText("pve-prod");
  await expect(attr(page, "endpoint.timezone")).toHaveText("Europe/Berlin");
  for (const field of [
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

  // Next five runs, in the cluster's time zone: the next five weekday midnights in Berlin after the
  // moment the page was rendered (somewhere between `before` and `after`).
  await expect(page.getByRole("heading", { name: "Next five runs (Europe/Berlin)" })).toBeVisible();
  const runs = page.getByTestId("next-runs").locator("li");
  await expect(runs).toHaveCount(5);
  const shown = await runs.allTextContents();
  const after = Date.now();
  const upcoming = weekdayMidnightsInBerlin(before, 6).map((u) => u.text);
  const candidates = [upcoming.slice(0, 5)];
  // Rendered after the first of them had passed: the list starts one later.
  if (weekdayMidnightsInBerlin(before, 1)[0].at <= after) candidates.push(upcoming.slice(1, 6));
  expect(candidates).toContainEqual(shown);
});

test("rate and health read as Proxmox shows them", async ({ signedIn: page }) => {
  // [cluster, job, rate, health]: health as pve-manager's Status column plus Proxbox's Disabled,
  // Pending (never ran) and Unknown (source node offline: pve3).
  const cases: [string, string, string, string][] = [
    ["pve-prod", "100-0", "50 MB/s", "OK"],
    ["pve-prod", "102-0", "12.5 MB/s", "OK"],
    ["pve-prod", "104-0", "unlimited", "Syncing"],
    ["pve-prod", "105-0", "unlimited", "Pending"],
    ["pve-prod", "106-0", "unlimited", "Disabled"],
    ["pve-prod", "107-0", "unlimited", "Removal scheduled"],
    ["pve-prod", "111-0", "unlimited", "Unknown"],
  ];
  for (const [endpoint, replicationId, rate, health] of cases) {
    const r = await job(endpoint, replicationId);
    await page.goto(`/replications/${r.id}`);
    await expect(attr(page, "replication_id")).toHaveText(replicationId);
    await expect(attr(page, "rate"), replicationId).toHaveText(rate);
    await expect(attr(page, "health"), replicationId).toHaveText(health);
  }
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
