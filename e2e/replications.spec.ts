import { DEFAULT_ORDER, expect, expectIds, replicationCount, replicationIds, test } from "./fixtures";
import { seedInfo } from "./world";

// The replications list is server-driven: every view the URL describes (filters with NetBox lookups,
// q, ordering, limit/offset) must show exactly the rows the database gives for the same conditions.

const LAB = () => seedInfo().endpoints["pve-lab"];
const HOUR_AGO = new Date(Date.now() - 3600_000).toISOString();

test.describe("replications list", () => {
  test("paging and page size show the database's pages", async ({ signedIn: page }) => {
    const total = await replicationCount();
    expect(total).toBeGreaterThan(25);
    await page.goto("/replications?limit=25");
    await expectIds(page, await replicationIds("true", { limit: 25 }));
    await expect(page.getByTestId("pagination-summary")).toHaveText(`Showing 1–25 of ${total}`);

    await page.getByRole("button", { name: "Next page" }).click();
    await expect(page).toHaveURL(/offset=25/);
    await expectIds(page, await replicationIds("true", { limit: 25, offset: 25 }));
    await expect(page.getByTestId("pagination-summary")).toHaveText(`Showing 26–${total} of ${total}`);

    await page.getByLabel("Per page").selectOption("50");
    await expect(page).not.toHaveURL(/offset=/);
    await expect(page).not.toHaveURL(/limit=/); // 50 is the default
    await expectIds(page, await replicationIds("true", { limit: 50 }));
    await expect(page.getByTestId("pagination-summary")).toHaveText(`Showing 1–${total} of ${total}`);
  });

  // Each filter kind, as a URL a user (or the filter panel) produces, against the same SQL condition.
  const cases: { name: string; query: () => string; where: () => string }[] = [
    { name: "string exact", query: () => "target=pve2", where: () => "r.target = 'pve2'" },
    { name: "string ic (contains)", query: () => "target__ic=LAB", where: () => "r.target ILIKE '%lab%'" },
    {
      name: "string n (is not), values NOR'ed",
      query: () => "target__n=pve2&target__n=lab1",
      where: () => "r.target NOT IN ('pve2','lab1')",
    },
    {
      name: "string empty=true",
      query: () => "comment__empty=true",
      where: () => "coalesce(r.comment, '') = ''",
    },
    {
      name: "string empty=false",
      query: () => "error__empty=false",
      where: () => "coalesce(r.error, '') <> ''",
    },
    { name: "numeric gt", query: () => "rate__gt=20", where: () => "r.rate > 20" },
    { name: "numeric lt", query: () => "fail_count__lt=1", where: () => "r.fail_count < 1" },
    {
      name: "numeric range",
      query: () => "guest__gte=104&guest__lt=120",
      where: () => "r.guest >= 104 AND r.guest < 120",
    },
    { name: "boolean", query: () => "disable=true", where: () => "r.disable" },
    {
      name: "choice, values OR'ed",
      query: () => "health=error&health=unknown",
      where: () => "r.health IN ('error','unknown')",
    },
    { name: "choice n", query: () => "health__n=ok", where: () => "r.health <> 'ok'" },
    { name: "status choice", query: () => "status=active", where: () => "r.status = 'active'" },
    { name: "FK endpoint_id", query: () => `endpoint_id=${LAB()}`, where: () => `r.endpoint_id = ${LAB()}` },
    { name: "FK by name, n", query: () => "endpoint__n=pve-lab", where: () => "e.name <> 'pve-lab'" },
    {
      name: "datetime lt",
      query: () => `last_sync__lt=${HOUR_AGO}`,
      where: () => `r.last_sync < '${HOUR_AGO}'`,
    },
    {
      name: "filters AND'ed with q",
      query: () => "q=web&health=ok",
      where: () =>
        "(r.replication_id ILIKE '%web%' OR vm.name ILIKE '%web%' OR r.target ILIKE '%web%' OR r.source ILIKE '%web%' OR r.comment ILIKE '%web%') AND r.health = 'ok'",
    },
  ];
  for (const c of cases) {
    test(`filter: ${c.name}`, async ({ signedIn: page }) => {
      const query = c.query();
      const ids = await replicationIds(c.where());
      await page.goto(`/replications?${query}`);
      await expectIds(page, ids);
      const count = await replicationCount(c.where());
      if (count > 0)
        await expect(page.getByTestId("pagination-summary")).toHaveText(`Showing 1–${count} of ${count}`);
      else await expect(page.getByText("No replications found")).toBeVisible();
    });
  }

  test("filter panel writes NetBox parameters, pills remove them", async ({ signedIn: page }) => {
    await page.goto("/replications");
    await page.getByRole("button", { name: "Filters" }).click();
    const panel = page.getByRole("form", { name: "Filters" });
    await panel.getByLabel("Filter 1 field").selectOption({ label: "Target node" });
    await panel.getByLabel("Filter 1 modifier").selectOption({ label: "contains" });
    await panel.getByLabel("Filter 1 value").fill("pve");
    await panel.getByRole("button", { name: "Add filter" }).click();
    await panel.getByLabel("Filter 2 field").selectOption({ label: "Endpoint" });
    await panel.getByLabel("Filter 2 value").selectOption({ label: "pve-prod" });
    await panel.getByRole("button", { name: "Add filter" }).click();
    await panel.getByLabel("Filter 3 field").selectOption({ label: "Rate" });
    await panel.getByLabel("Filter 3 modifier").selectOption({ label: "at least" });
    await panel.getByLabel("Filter 3 value").fill("10");
    await panel.getByRole("button", { name: "Apply filters" }).click();

    const prod = seedInfo().endpoints["pve-prod"];
    await expect(page).toHaveURL(
      new RegExp(`target__ic=pve.*endpoint_id=${prod}|endpoint_id=${prod}.*target__ic=pve`),
    );
    await expect(page).toHaveURL(/rate__gte=10/);
    await expectIds(
      page,
      await replicationIds(`r.target ILIKE '%pve%' AND r.endpoint_id = ${prod} AND r.rate >= 10`),
    );
    const pills = page.getByRole("list", { name: "Applied filters" });
    await expect(pills.getByText("Target node contains: pve")).toBeVisible();
    await expect(pills.getByText("Endpoint is: pve-prod")).toBeVisible();
    await expect(pills.getByText("Rate at least: 10")).toBeVisible();

    await pills.getByRole("button", { name: "Remove filter Rate at least: 10" }).click();
    await expect(page).not.toHaveURL(/rate__gte/);
    await expectIds(page, await replicationIds(`r.target ILIKE '%pve%' AND r.endpoint_id = ${prod}`));
    await pills.getByRole("button", { name: "Clear all" }).click();
    await expect(page).not.toHaveURL(/target__ic|endpoint_id/);
    await expectIds(page, await replicationIds());
  });

  test("quick search is debounced into q and matches Proxbox's search fields", async ({ signedIn: page }) => {
    await page.goto("/replications");
    await expectIds(page, await replicationIds());
    await page.getByLabel("Quick search").pressSequentially("db-0", { delay: 40 });
    await expect(page).toHaveURL(/[?&]q=db-0/);
    const where =
      "(r.replication_id ILIKE '%db-0%' OR vm.name ILIKE '%db-0%' OR r.target ILIKE '%db-0%' OR r.source ILIKE '%db-0%' OR r.comment ILIKE '%db-0%')";
    await expectIds(page, await replicationIds(where));
    await expect(page.getByRole("list", { name: "Applied filters" }).getByText("Search: db-0")).toBeVisible();
    await page.getByRole("button", { name: "Clear search" }).click();
    await expect(page).not.toHaveURL(/[?&]q=/);
    await expectIds(page, await replicationIds());
  });

  test("header click sorts, shift-click adds sort keys", async ({ signedIn: page }) => {
    await page.goto("/replications");
    const header = (name: string) =>
      page.getByRole("columnheader").getByRole("button", { name: new RegExp(`^${name}`) });
    await header("Target node").click();
    await expect(page).toHaveURL(/ordering=target(&|$)/);
    await expectIds(page, await replicationIds("true", { order: "r.target" }));
    await header("Target node").click();
    await expect(page).toHaveURL(/ordering=-target(&|$)/);
    await expectIds(page, await replicationIds("true", { order: "r.target DESC" }));
    await expect(page.getByRole("columnheader", { name: /Target node/ })).toHaveAttribute(
      "aria-sort",
      "descending",
    );
    await header("Last sync").click({ modifiers: ["Shift"] });
    await expect(page).toHaveURL(/ordering=-target%2Clast_sync|ordering=-target,last_sync/);
    await expectIds(page, await replicationIds("true", { order: "r.target DESC, r.last_sync" }));
    await header("Virtual machine").click({ modifiers: ["Shift"] });
    await expectIds(page, await replicationIds("true", { order: "r.target DESC, r.last_sync, vm.name" }));
    // A plain click replaces the multi-sort.
    await header("Health").click();
    await expect(page).toHaveURL(/ordering=health(&|$)/);
    await expectIds(page, await replicationIds("true", { order: "r.health" }));
  });

  test("the URL round-trips: reload shows the same view, back restores the previous one", async ({
    signedIn: page,
  }) => {
    await page.goto("/replications?limit=25");
    const unfiltered = await replicationIds("true", { limit: 25 });
    await expectIds(page, unfiltered);
    await page.getByRole("button", { name: "Filters" }).click();
    const panel = page.getByRole("form", { name: "Filters" });
    await panel.getByLabel("Filter 1 field").selectOption({ label: "Health" });
    await panel.getByLabel("Filter 1 modifier").selectOption({ label: "is not" });
    await panel.getByLabel("Filter 1 value").selectOption({ label: "OK" });
    await panel.getByRole("button", { name: "Apply filters" }).click();
    await expect(page).toHaveURL(/health__n=ok/);
    const filtered = await replicationIds("r.health <> 'ok'", { limit: 25 });
    await expectIds(page, filtered);
    await page
      .getByRole("columnheader")
      .getByRole("button", { name: /^Last sync/ })
      .click();
    await expect(page).toHaveURL(/ordering=last_sync/);
    const sorted = await replicationIds("r.health <> 'ok'", { limit: 25, order: "r.last_sync" });
    await expectIds(page, sorted);

    await page.reload();
    await expectIds(page, sorted);
    await expect(
      page.getByRole("list", { name: "Applied filters" }).getByText("Health is not: OK"),
    ).toBeVisible();
    await expect(page.getByLabel("Per page")).toHaveValue("25");

    await page.goBack();
    await expect(page).not.toHaveURL(/ordering=/);
    await expectIds(page, filtered);
    await page.goBack();
    await expect(page).not.toHaveURL(/health__n/);
    await expectIds(page, unfiltered);
    await page.goForward();
    await expectIds(page, filtered);
  });

  test("invalid filter values are dropped and reported, as NetBox's UI does", async ({ signedIn: page }) => {
    await page.goto("/replications?guest=abc&health=error");
    await expectIds(page, await replicationIds("r.health = 'error'"));
    await expect(page.getByRole("alert").filter({ hasText: "Some filters were ignored" })).toContainText(
      "guest",
    );
  });

  test("default order is Proxbox's (endpoint, replication id)", async ({ signedIn: page }) => {
    await page.goto("/replications");
    await expectIds(page, await replicationIds("true", { order: DEFAULT_ORDER }));
  });
});
