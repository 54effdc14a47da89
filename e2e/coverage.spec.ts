import { expect, expectIds, test } from "./fixtures";
import { screenshotPath, sql, sqlCount } from "./ops-helpers";
import { seedInfo } from "./world";

// /coverage after the e2e world's real sync of the demo scenario, whose pve-prod has vm:121 (jump-host)
// HA-managed (state started) without any replication job: an operator finds it first, marked as
// HA-managed, with a link to the guest; the VM list filtered replicated=false shows it. Every number
// is checked against SQL written here (NOT EXISTS, not the app's classification).

const PROTECTED = `exists (select 1 from replication r where r.virtual_machine_id = v.id
  and r.status = 'active' and r.disable = false and r.remove_job is null)`;
const ANY_JOB = "exists (select 1 from replication r where r.virtual_machine_id = v.id)";
const GUESTS = "virtual_machine v where v.template = false";

test.use({ role: "operator" });

test("the HA guest without a job comes first, linked, and the filtered VM list shows it", async ({
  signedIn: page,
}) => {
  const prod = seedInfo().endpoints["pve-prod"];
  const [jump] = await sql<{ id: number; name: string; ha_state: string | null }>(
    "select id, name, ha_state from virtual_machine where endpoint_id = $1 and vmid = 121",
    [prod],
  );
  // The world is what this test is about: the sync stored the HA state, and the guest has no job.
  expect(jump.ha_state).toBe("started");
  expect(await sqlCount("select count(*) n from replication where virtual_machine_id = $1", [jump.id])).toBe(
    0,
  );

  await page.goto("/");
  await page.getByRole("navigation").getByRole("link", { name: "Coverage" }).click();
  await expect(page).toHaveURL(/\/coverage$/);
  await expect(page.getByRole("heading", { name: "Coverage", level: 1 })).toBeVisible();

  // Count cards equal SQL.
  const totals = page.getByTestId("coverage-totals");
  const count = (where: string) => sqlCount(`select count(*) n from ${GUESTS} and ${where}`);
  const ha = await count(`v.ha_state is not null and not ${PROTECTED}`);
  const none = await count(`v.ha_state is null and not ${ANY_JOB}`);
  const inactive = await count(`v.ha_state is null and ${ANY_JOB} and not ${PROTECTED}`);
  const prot = await count(PROTECTED);
  expect(ha).toBeGreaterThan(0);
  await expect(totals.locator("[data-total=ha] dd").first()).toHaveText(String(ha));
  await expect(totals.locator("[data-total=none] dd").first()).toHaveText(String(none));
  await expect(totals.locator("[data-total=inactive] dd").first()).toHaveText(String(inactive));
  await expect(totals.locator("[data-total=protected] dd").first()).toHaveText(
    `${prot} of ${await count("true")}`,
  );

  // The HA list is the first list on the page, and the started HA guest without a job heads it.
  const lists = page.locator("[data-risk-list]");
  await expect(lists.first()).toHaveAttribute("data-risk-list", "ha");
  const first = lists.first().locator("tbody tr").first();
  await expect(first).toHaveAttribute("data-vmid", "121");
  await expect(first).toContainText("HA-managed");
  await expect(first).toContainText("started");
  const rows = await lists
    .first()
    .locator("tbody tr")
    .evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute("data-vmid"))));
  const haVmids = (
    await sql<{ vmid: number }>(
      `select v.vmid from ${GUESTS} and v.ha_state is not null and not ${PROTECTED} order by v.vmid`,
    )
  ).map((r) => r.vmid);
  expect([...rows].sort((a, b) => a - b)).toEqual(haVmids);

  // Per node: the node of the guest counts it as HA-unprotected.
  const nodeRow = page.locator(`[data-coverage-row=node][data-name="pve-prod pve2"]`);
  await expect(nodeRow.locator("[data-risk=ha]")).toContainText(
    String(
      await count(
        `v.endpoint_id = ${prod} and v.node_name = 'pve2' and v.ha_state is not null and not ${PROTECTED}`,
      ),
    ),
  );
  await page.screenshot({ path: screenshotPath("coverage"), fullPage: true });

  // The link opens the guest, whose page says it is HA-managed and not replicated.
  await first.getByRole("link", { name: jump.name }).click();
  await expect(page).toHaveURL(`/virtual-machines/${jump.id}`);
  await expect(page.locator("[data-field=ha_state]")).toContainText("started");
  await expect(page.locator("[data-field=replicated]")).toContainText("No");

  // The VM list filtered replicated=false shows it, and exactly the unreplicated guests.
  await page.goto("/virtual-machines?replicated=false");
  const unreplicated = (
    await sql<{ id: number }>(
      `select v.id from virtual_machine v join proxmox_endpoint e on e.id = v.endpoint_id
        where not ${PROTECTED} order by e.name, v.vmid, v.id limit 50`,
    )
  ).map((r) => r.id);
  expect(unreplicated).toContain(jump.id);
  await expectIds(page, unreplicated);
  await expect(page.locator(`tr[data-row-id="${jump.id}"]`)).toContainText("HA");
});

test("the HA card opens the VM list of HA guests without an active job", async ({ signedIn: page }) => {
  await page.goto("/coverage");
  await page.getByTestId("coverage-totals").locator("[data-total=ha] a").click();
  await expect(page).toHaveURL(/replicated=false/);
  await expect(page).toHaveURL(/ha_managed=true/);
  const ids = (
    await sql<{ id: number }>(
      `select v.id from virtual_machine v join proxmox_endpoint e on e.id = v.endpoint_id
        where v.template = false and v.ha_state is not null and not ${PROTECTED} order by e.name, v.vmid, v.id`,
    )
  ).map((r) => r.id);
  expect(ids.length).toBeGreaterThan(0);
  await expectIds(page, ids);
});

test.describe("as a viewer", () => {
  test.use({ role: "viewer" });
  test("the coverage page is readable", async ({ signedIn: page }) => {
    await page.goto("/coverage");
    await expect(page.getByRole("heading", { name: "Coverage", level: 1 })).toBeVisible();
    await expect(page.locator("[data-risk-list=ha] tbody tr").first()).toHaveAttribute("data-vmid", "121");
  });
});
