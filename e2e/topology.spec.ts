import { expect, test } from "./fixtures";
import { endpointByName, screenshotPath, sql } from "./ops-helpers";

// The topology of the demo scenario: arrows are source → target with their job count and worst health,
// keyboard-focusable links that open the replication list filtered to exactly those jobs.

test("arrows carry the SQL counts, show a summary on hover and open the filtered list", async ({
  signedIn: page,
}) => {
  const request = page.request;
  const prod = await endpointByName(request, "pve-prod");
  const links = await sql<{ source: string; target: string; n: number }>(
    `select source, target, count(*)::int n from replication
     where endpoint_id = $1 and status = 'active' and source is not null group by source, target`,
    [prod.id],
  );
  await page.goto("/topology");
  const graph = page.getByTestId("topology-pve-prod");
  await expect(graph).toBeVisible();
  await expect(graph.locator("a[data-source]")).toHaveCount(links.length);
  for (const l of links) {
    await expect(graph.locator(`a[data-source="${l.source}"][data-target="${l.target}"]`)).toHaveAttribute(
      "data-jobs",
      String(l.n),
    );
  }
  await expect(graph.locator("[data-node]")).toHaveCount(3);
  await expect(graph.locator('[data-node="pve3"]')).toHaveAttribute("data-online", "false");
  await expect(page.getByTestId("topology-pve-lab")).toBeVisible();
  await expect(page.getByTestId("topology-legend")).toContainText("Removal scheduled");

  // pve1 → pve2 carries the most jobs; its worst health is an error in the demo scenario.
  const busiest = links.reduce((a, b) => (b.n > a.n ? b : a));
  const arrow = graph.locator(`a[data-source="${busiest.source}"][data-target="${busiest.target}"]`);
  const worst = await arrow.getAttribute("data-worst");
  const label = `${busiest.source} → ${busiest.target}: ${busiest.n} jobs, worst: ${worst === "removal_scheduled" ? "removal scheduled" : worst}`;
  await expect(arrow).toHaveAttribute("aria-label", label);
  await arrow.locator("circle").hover(); // the job-count badge sits on the curve
  await expect(page.getByTestId("topology-tooltip")).toHaveText(label);
  await page.screenshot({ path: screenshotPath("topology"), fullPage: true });

  // Keyboard: arrows are in the tab order and say what they are.
  await arrow.focus();
  await expect(arrow).toBeFocused();
  await expect(page.getByTestId("topology-tooltip")).toHaveText(label);

  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(
    new RegExp(
      `/replications\\?endpoint_id=${prod.id}&source=${busiest.source}&target=${busiest.target}&status=active$`,
    ),
  );
  const ids = await sql<{ replication_id: string }>(
    "select replication_id from replication where endpoint_id = $1 and source = $2 and target = $3 and status = 'active'",
    [prod.id, busiest.source, busiest.target],
  );
  const table = page.getByTestId("data-table");
  await expect(table.locator("tbody tr")).toHaveCount(ids.length);
  for (const { replication_id } of ids) await expect(table).toContainText(replication_id);
});
