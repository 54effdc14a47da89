import { expect, expectIds, test } from "./fixtures";
import { seedInfo, sql } from "./world";

// The VM list is server-driven like the replications list; a VM's "Proxbox" tab lists exactly its
// replication jobs with their health.

const vmIds = async (where = "true", order = "e.name, v.vmid") =>
  (
    await sql<{ id: number }>(
      `select v.id from virtual_machine v join proxmox_endpoint e on e.id = v.endpoint_id where ${where} order by ${order}, v.id limit 50`,
    )
  ).map((r) => r.id);

test("the list, a filter and a sort match the database", async ({ signedIn: page }) => {
  await page.goto("/virtual-machines");
  await expectIds(page, await vmIds());
  await page.goto("/virtual-machines?type=lxc");
  await expectIds(page, await vmIds("v.type = 'lxc'"));
  await page.goto(`/virtual-machines?endpoint_id=${seedInfo().endpoints["pve-lab"]}&ordering=-vmid`);
  await expectIds(page, await vmIds(`v.endpoint_id = ${seedInfo().endpoints["pve-lab"]}`, "v.vmid desc"));
  await page.goto("/virtual-machines");
  await page
    .getByRole("columnheader")
    .getByRole("button", { name: /^Replications/ })
    .click();
  await expect(page).toHaveURL(/ordering=replication_count/);
  await expectIds(
    page,
    await vmIds("true", "(select count(*) from replication r where r.virtual_machine_id = v.id)"),
  );
});

test("node is the linked node row, node_name the name Proxmox reported", async ({ signedIn: page }) => {
  const [{ name }] = await sql<{ name: string }>(
    "select pn.name from virtual_machine v join proxmox_node pn on pn.id = v.node_id order by v.id limit 1",
  );
  expect(name).toMatch(/^[\w.-]+$/); // safe to write into the SQL below
  await page.goto(`/virtual-machines?node=${name}`);
  await expectIds(page, await vmIds(`v.node_id in (select id from proxmox_node where name = '${name}')`));
  await page.goto(`/virtual-machines?node_name__ic=${name.toUpperCase()}`);
  await expectIds(page, await vmIds(`strpos(lower(v.node_name), lower('${name}')) > 0`));
});

test("a VM's Proxbox tab lists that VM's replications with their health", async ({ signedIn: page }) => {
  const [vm] = await sql<{ id: number; name: string }>(
    `select v.id, v.name from virtual_machine v where (select count(*) from replication r where r.virtual_machine_id = v.id) >= 2
     order by v.id limit 1`,
  );
  const reps = await sql<{ id: number; health: string }>(
    `select r.id, r.health from replication r join proxmox_endpoint e on e.id = r.endpoint_id
     where r.virtual_machine_id = $1 order by e.name, r.guest, r.jobnum, r.replication_id, r.id`,
    [vm.id],
  );
  await page.goto(`/virtual-machines/${vm.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(vm.name);
  await page
    .getByRole("navigation", { name: "Virtual machine views" })
    .getByRole("link", { name: /^Proxbox/ })
    .click();
  await expect(page).toHaveURL(`/virtual-machines/${vm.id}/proxbox`);
  await expectIds(
    page,
    reps.map((r) => r.id),
  );
  for (const r of reps) {
    await expect(page.locator(`tr[data-row-id="${r.id}"] [data-health]`)).toHaveAttribute(
      "data-health",
      r.health,
    );
  }
  // The tab's own filters combine with the VM scope.
  await page.goto(`/virtual-machines/${vm.id}/proxbox?health=${reps[0].health}`);
  await expectIds(
    page,
    reps.filter((r) => r.health === reps[0].health).map((r) => r.id),
  );
});
