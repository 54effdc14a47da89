import { expect, expectIds, replicationIds, signIn, test } from "./fixtures";
import { seedInfo, sql, USERS } from "./world";

// Bulk edit and bulk delete change exactly the selected rows, write one change-log entry per changed
// job, and are offered only to operators and admins.

type Snap = {
  id: number;
  disable: boolean;
  comment: string | null;
  schedule: string;
  remove_job: string | null;
};
const snapshot = async () =>
  new Map(
    (
      await sql<Snap>("select id, disable, comment, schedule, remove_job::text from replication order by id")
    ).map((r) => [r.id, r]),
  );
const changesSince = async (since: number) =>
  sql<{
    changed_object_id: number;
    action: string;
    user_name: string;
    message: string;
    pre: Snap | null;
    post: Snap | null;
  }>(
    `select changed_object_id, action::text, user_name, message, prechange_data as pre, postchange_data as post
     from object_change where id > $1 and changed_object_type = 'proxbox.replication' order by id`,
    [since],
  );
const lastChangeId = async () =>
  (await sql<{ id: number }>("select coalesce(max(id), 0)::int id from object_change"))[0].id;

const expectedChangedCount = (before: Map<number, Snap>, ids: number[]) =>
  ids.filter((id) => before.get(id)?.comment !== "prod fleet").length;

test.describe("bulk actions", () => {
  test.use({ role: "operator" });

  test("bulk edit of selected rows: exactly those rows change, each logged", async ({ signedIn: page }) => {
    const lab = seedInfo().endpoints["pve-lab"];
    await page.goto(`/replications?endpoint_id=${lab}`);
    const ids = await replicationIds(`r.endpoint_id = ${lab} AND NOT r.disable`);
    await expectIds(page, await replicationIds(`r.endpoint_id = ${lab}`));
    const picked = ids.slice(0, 2);
    const before = await snapshot();
    const since = await lastChangeId();

    for (const id of picked) await page.getByRole("checkbox", { name: `Select row ${id}` }).click();
    await expect(page.getByTestId("selection-summary")).toHaveText("2 selected");
    await page.getByRole("button", { name: "Edit selected" }).click();
    const dialog = page.getByRole("dialog", { name: "Editing 2 replications" });
    await dialog.getByLabel("Enabled").selectOption({ label: "Disabled" });
    await dialog.getByLabel("Schedule").fill("61");
    await expect(dialog.getByRole("alert")).toContainText("invalid");
    await expect(dialog.getByRole("button", { name: "Apply" })).toBeDisabled();
    await dialog.getByLabel("Schedule").fill("mon..fri 22:30");
    await expect(dialog.getByText("22:30")).toBeVisible();
    await dialog.getByLabel("Comment", { exact: true }).fill("e2e bulk edit");
    await dialog.getByLabel("Change-log message").fill("e2e: maintenance window");
    await dialog.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Updated 2 replications." })).toBeVisible();

    const after = await snapshot();
    for (const [id, row] of after) {
      if (picked.includes(id)) {
        expect(row).toEqual({
          ...before.get(id),
          disable: true,
          schedule: "mon..fri 22:30",
          comment: "e2e bulk edit",
        });
      } else {
        expect(row).toEqual(before.get(id));
      }
    }
    const changes = await changesSince(since);
    expect(changes.map((c) => c.changed_object_id).sort()).toEqual([...picked].sort());
    for (const c of changes) {
      expect(c.action).toBe("update");
      expect(c.user_name).toBe(USERS.operator.username);
      expect(c.message).toBe("e2e: maintenance window");
      expect(c.pre?.disable).toBe(false);
      expect(c.post).toMatchObject({ disable: true, schedule: "mon..fri 22:30", comment: "e2e bulk edit" });
    }
  });

  test("select all N matching: the edit applies to the whole filtered set, not just the page", async ({
    signedIn: page,
  }) => {
    const prod = seedInfo().endpoints["pve-prod"];
    const matching = await replicationIds(`r.endpoint_id = ${prod}`, { limit: 1000 });
    expect(matching.length).toBeGreaterThan(10);
    await page.goto(`/replications?endpoint_id=${prod}&limit=10`);
    await expectIds(page, matching.slice(0, 10));
    const before = await snapshot();
    const since = await lastChangeId();

    await page.getByRole("checkbox", { name: "Select all on this page" }).click();
    await expect(page.getByTestId("selection-summary")).toHaveText("10 selected");
    await page
      .getByRole("button", { name: `Select all ${matching.length} replications matching query` })
      .click();
    await expect(page.getByTestId("selection-summary")).toHaveText(
      `All ${matching.length} matching replications selected`,
    );
    await page.getByRole("button", { name: "Edit selected" }).click();
    const dialog = page.getByRole("dialog", { name: `Editing ${matching.length} replications` });
    await dialog.getByLabel("Comment", { exact: true }).fill("prod fleet");
    await dialog.getByRole("button", { name: "Apply" }).click();
    await expect(
      page
        .getByRole("status")
        .filter({ hasText: `Updated ${expectedChangedCount(before, matching)} replications.` }),
    ).toBeVisible();

    const after = await snapshot();
    const changed = [...after.values()]
      .filter((r) => JSON.stringify(r) !== JSON.stringify(before.get(r.id)))
      .map((r) => r.id);
    const expectedChanged = matching.filter((id) => before.get(id)?.comment !== "prod fleet");
    expect(changed.sort()).toEqual(expectedChanged.sort());
    for (const id of matching) expect(after.get(id)?.comment).toBe("prod fleet");
    expect((await changesSince(since)).map((c) => c.changed_object_id).sort()).toEqual(
      expectedChanged.sort(),
    );
  });

  test("bulk delete asks for confirmation and deletes exactly the selected rows", async ({
    signedIn: page,
  }) => {
    const lab = seedInfo().endpoints["pve-lab"];
    const ids = await replicationIds(`r.endpoint_id = ${lab}`);
    const picked = [ids[ids.length - 1], ids[ids.length - 2]];
    const [{ n: total }] = await sql<{ n: number }>("select count(*)::int n from replication");
    const since = await lastChangeId();
    await page.goto(`/replications?endpoint_id=${lab}`);
    await expectIds(page, ids);
    for (const id of picked) await page.getByRole("checkbox", { name: `Select row ${id}` }).click();
    await page.getByRole("button", { name: "Delete selected" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete 2 replications?" });
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    expect((await sql<{ n: number }>("select count(*)::int n from replication"))[0].n).toBe(total);

    await page.getByRole("button", { name: "Delete selected" }).click();
    await page
      .getByRole("dialog", { name: "Delete 2 replications?" })
      .getByRole("button", { name: "Delete 2 replications" })
      .click();
    await expect(page.getByRole("status").filter({ hasText: "Deleted 2 replications." })).toBeVisible();
    await expectIds(
      page,
      ids.filter((id) => !picked.includes(id)),
    );

    const remaining = await sql<{ id: number }>("select id from replication where id = any($1)", [picked]);
    expect(remaining).toEqual([]);
    expect((await sql<{ n: number }>("select count(*)::int n from replication"))[0].n).toBe(total - 2);
    const changes = await changesSince(since);
    expect(changes.map((c) => [c.changed_object_id, c.action]).sort()).toEqual(
      picked.map((id) => [id, "delete"]).sort(),
    );
    for (const c of changes) {
      expect(c.post).toBeNull();
      expect(c.pre?.id).toBe(c.changed_object_id);
    }
  });
});

test("viewers get no selection or bulk actions, and the server refuses them", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto("/replications");
  await expect(page.getByTestId("data-table")).toBeVisible();
  await expect(page.getByRole("checkbox")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Edit selected" })).toHaveCount(0);
  const [{ id }] = await sql<{ id: number }>("select id from replication order by id limit 1");
  const res = await page.request.post("/api/trpc/replications.bulkDelete", {
    data: { json: { selection: { ids: [id] } } },
    headers: { "content-type": "application/json", origin: new URL(page.url()).origin },
  });
  expect(res.status()).toBe(403);
  expect(await res.text()).toContain("permission");
  expect(await sql("select id from replication where id = $1", [id])).toHaveLength(1);
});
