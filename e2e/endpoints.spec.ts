import { expect, test } from "./fixtures";
import { demoToken, endpointByName, screenshotPath, sqlCount, trpcMutation, trpcQuery } from "./ops-helpers";

// Endpoints: the list with what each holds, the form (write-only secrets, TLS modes, Test
// connection), delete with confirmation, and a failing endpoint that shows its error and loses nothing.

test.describe.configure({ mode: "serial" });

test("the list shows each endpoint with inventory counts that match the database", async ({
  signedIn: page,
}) => {
  const request = page.request;
  await page.goto("/endpoints");
  const table = page.getByTestId("endpoints-table");
  for (const name of ["pve-prod", "pve-lab"]) {
    const e = await endpointByName(request, name);
    const row = table.locator(`tr[data-endpoint="${name}"]`);
    await expect(row).toContainText(e.url);
    await expect(row).toContainText(name === "pve-prod" ? "9.1.3" : "8.4.5");
    const count = (where: string) =>
      sqlCount(`select count(*) n from replication where endpoint_id = $1 ${where}`, [e.id]);
    await expect(row.locator("[data-count=replications]")).toHaveText(String(await count("")));
    await expect(row.locator("[data-count=stale]")).toHaveText(String(await count("and status = 'stale'")));
    await expect(row.locator("[data-count=unlinked]")).toHaveText(
      String(await count("and virtual_machine_id is null")),
    );
  }
  await page.screenshot({ path: screenshotPath("endpoints"), fullPage: true });

  // The unlinked count opens the list of exactly those jobs.
  const prod = await endpointByName(request, "pve-prod");
  const unlinked = await sqlCount(
    "select count(*) n from replication where endpoint_id = $1 and virtual_machine_id is null",
    [prod.id],
  );
  expect(unlinked).toBeGreaterThan(0);
  await table.locator('tr[data-endpoint="pve-prod"] [data-count=unlinked]').click();
  await expect(page).toHaveURL(new RegExp(`/replications\\?endpoint_id=${prod.id}&virtual_machine_id=null$`));
  await expect(page.getByTestId("pagination-summary")).toContainText(`of ${unlinked}`);
});

test("create with an insecure TLS warning, test, edit keeping the secret, then delete", async ({
  signedIn: page,
}) => {
  const request = page.request;
  const lab = await endpointByName(request, "pve-lab");
  const token = demoToken("pve-lab");
  await page.goto("/endpoints");
  await page.getByRole("link", { name: "Add" }).click();
  await page.getByLabel("Name").fill("e2e-form");
  await page.getByLabel("URL").fill(lab.url);
  await page.getByLabel("Token ID").fill(token.tokenId);
  await page.getByLabel("Token secret").fill(token.secret);
  await page.getByLabel("TLS verification").selectOption("insecure");
  await expect(page.getByTestId("insecure-warning")).toContainText("verification is disabled");
  // Test connection before saving: the settings as typed.
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("connection-result")).toContainText(
    "Connected: Proxmox VE 8.4.5, cluster pve-lab, 2 nodes",
  );
  await page.screenshot({ path: screenshotPath("endpoint-form"), fullPage: true });
  expect(await sqlCount("select count(*) as n from proxmox_endpoint where name = 'e2e-form'")).toBe(0);
  await page.getByRole("button", { name: "Create" }).click();

  await expect(page).toHaveURL(/\/endpoints\/\d+$/);
  await expect(page.getByRole("heading", { name: "e2e-form", level: 1, exact: true })).toBeVisible();
  await expect(page.getByTestId("endpoint-warnings")).toContainText(
    "TLS certificate verification is disabled",
  );
  await page.getByRole("button", { name: "Test connection" }).click();
  const result = page.getByTestId("connection-result");
  await expect(result).toContainText("Connected: Proxmox VE 8.4.5, cluster pve-lab, 2 nodes");
  await expect(result).toContainText("verification is disabled");

  // Edit: the secret is never sent back; blank keeps it — but only while it would go to the same
  // server with the same TLS trust. Pinning the certificate instead needs the secret typed again.
  await page.getByRole("link", { name: "Edit" }).click();
  const secret = page.getByLabel("Token secret");
  await expect(secret).toHaveValue("");
  await expect(secret).toHaveAttribute("placeholder", "set — leave blank to keep");
  await expect(page.locator("#ep-tokenSecret-help")).toContainText("leave blank to keep it");
  await page.getByLabel("TLS verification").selectOption("fingerprint");
  await page.getByLabel(/Certificate fingerprint/).fill("00".repeat(32));
  await expect(page.locator("#ep-tokenSecret-help")).toContainText(
    "The token secret is required again because the TLS verification mode changed",
  );
  await expect(secret).toHaveAttribute("placeholder", "");
  await expect(secret).toHaveAttribute("required", "");
  // Test connection does not carry the stored secret to the new TLS trust either.
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("connection-result")).toContainText("required again");
  // Unsaved edits are tested as typed: with the secret, a wrong pin fails before saving.
  await secret.fill(token.secret);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("connection-result")).toContainText(/fingerprint mismatch/i);
  await page.getByLabel(/Certificate fingerprint/).fill(lab.fingerprint ?? "");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { name: "e2e-form", level: 1, exact: true })).toBeVisible();
  await expect(page.getByTestId("endpoint-warnings")).toHaveCount(0);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(result).toContainText("Connected: Proxmox VE 8.4.5");

  // Delete, confirmed in a dialog.
  await page.getByRole("button", { name: "Delete e2e-form" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete endpoint e2e-form?" });
  await expect(dialog).toContainText("Nothing changes in Proxmox");
  await dialog.getByRole("button", { name: "Delete e2e-form" }).click();
  await expect(page).toHaveURL(/\/endpoints$/);
  await expect(page.getByTestId("endpoints-table").locator('tr[data-endpoint="e2e-form"]')).toHaveCount(0);
  const names = (await trpcQuery<{ name: string }[]>(request, "endpoints.list")).map((e) => e.name);
  expect(names).not.toContain("e2e-form");
});

test("changing the URL of a saved endpoint needs its secret again; without it nothing is saved", async ({
  signedIn: page,
}) => {
  const request = page.request;
  const lab = await endpointByName(request, "pve-lab");
  const prod = await endpointByName(request, "pve-prod");
  await page.goto(`/endpoints/${lab.id}/edit`);
  const secret = page.getByLabel("Token secret");
  const help = page.locator("#ep-tokenSecret-help");
  await expect(help).toContainText("leave blank to keep it");
  await page.getByLabel("URL").fill(prod.url);
  await expect(help).toContainText("The token secret is required again because the URL changed");
  await expect(secret).toHaveAttribute("required", "");
  await page.getByRole("button", { name: "Save" }).click();
  // The server refuses it too, on the secret field; the endpoint still points where it did.
  await expect(page.locator("#ep-tokenSecret-error")).toContainText("required again because the URL changed");
  await expect(secret).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(new RegExp(`/endpoints/${lab.id}/edit$`));
  expect((await endpointByName(request, "pve-lab")).url).toBe(lab.url);
  // Back to the stored URL: the stored secret may be kept again.
  await page.getByLabel("URL").fill(lab.url);
  await expect(secret).not.toHaveAttribute("required");
  await expect(secret).toHaveAttribute("placeholder", "set — leave blank to keep");
});

test("a pinned fingerprint that does not match is reported by Test connection", async ({
  signedIn: page,
}) => {
  const request = page.request;
  const lab = await endpointByName(request, "pve-lab");
  const token = demoToken("pve-lab");
  await page.goto("/endpoints/new");
  await page.getByLabel("Name").fill("e2e-wrong-pin");
  await page.getByLabel("URL").fill(lab.url);
  await page.getByLabel("Token ID").fill(token.tokenId);
  await page.getByLabel("Token secret").fill(token.secret);
  await page.getByLabel("TLS verification").selectOption("fingerprint");
  await page.getByLabel(/Certificate fingerprint/).fill("AB".repeat(32));
  await page.getByRole("button", { name: "Create" }).click();
  await expect(page.getByRole("heading", { name: "e2e-wrong-pin", level: 1, exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("connection-result")).toContainText(/fingerprint mismatch/i);
  await page.getByRole("button", { name: "Delete e2e-wrong-pin" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete e2e-wrong-pin" }).click();
  await expect(page).toHaveURL(/\/endpoints$/);
});

test("a failing endpoint shows its error and no row disappears", async ({ signedIn: page }) => {
  const request = page.request;
  const lab = await endpointByName(request, "pve-lab");
  const rows = () => sqlCount("select count(*) n from replication where endpoint_id = $1", [lab.id]);
  const active = () =>
    sqlCount("select count(*) n from replication where endpoint_id = $1 and status = 'active'", [lab.id]);
  const [rowsBefore, activeBefore] = [await rows(), await active()];

  try {
    // A wrong token secret, set through the form.
    await page.goto(`/endpoints/${lab.id}/edit`);
    await page.getByLabel("Token secret").fill("00000000-0000-4000-8000-000000000000");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("heading", { name: "pve-lab", level: 1, exact: true })).toBeVisible();
    await page.getByRole("button", { name: "Sync now" }).click();
    const run = page.locator("[data-testid=live-run][data-state=failed]");
    await expect(run).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId("run-error")).toContainText(/auth|401|permission|ticket|token/i);
    await expect(run.locator("[data-stage=cluster]")).toHaveAttribute("data-state", "failed");
    await page.screenshot({ path: screenshotPath("endpoint-failed-sync"), fullPage: true });
    expect(await rows()).toBe(rowsBefore);
    expect(await active()).toBe(activeBefore);

    // The list and the overview show the failure.
    await page.goto("/endpoints");
    await expect(page.locator('tr[data-endpoint="pve-lab"]')).toContainText("Failed");
    await page.goto("/");
    await expect(page.getByTestId("endpoint-syncs").locator('[data-endpoint="pve-lab"]')).toContainText(
      "Failed",
    );
  } finally {
    // Whatever happened above, the seeded endpoint gets its real secret back for the other specs.
    await trpcMutation(request, "endpoints.update", {
      id: lab.id,
      name: lab.name,
      url: lab.url,
      authMode: "token",
      tokenId: lab.tokenId,
      tokenSecret: demoToken("pve-lab").secret,
      tlsMode: "fingerprint",
      fingerprint: lab.fingerprint,
    });
  }

  // With the right secret (put back above) a sync succeeds again, with still the same rows.
  await page.goto(`/endpoints/${lab.id}`);
  await page.getByRole("button", { name: "Sync now" }).click();
  await expect(page.locator("[data-testid=live-run][data-state=succeeded]")).toBeVisible({ timeout: 30_000 });
  expect(await rows()).toBe(rowsBefore);
});

test.describe("as a viewer", () => {
  test.use({ role: "viewer" });

  test("endpoints, schedules and Sync Now are read-only", async ({ signedIn: page }) => {
    const prod = await endpointByName(page.request, "pve-prod");
    await page.goto("/endpoints");
    await expect(page.locator('tr[data-endpoint="pve-prod"]')).toBeVisible();
    await expect(page.getByRole("link", { name: "Add" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Edit pve-prod" })).toHaveCount(0);
    await page.goto(`/endpoints/${prod.id}`);
    await expect(page.getByTestId("live-run")).toBeVisible();
    await expect(page.getByRole("button", { name: "Sync now" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Test connection" })).toHaveCount(0);
    await page.goto("/schedules");
    await expect(page.getByRole("heading", { name: "Schedules", level: 1 })).toBeVisible();
    await expect(page.getByRole("button", { name: "Add" })).toHaveCount(0);
  });
});
