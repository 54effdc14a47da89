import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { APIRequestContext, Page } from "@playwright/test";
import { expect, signIn, test } from "./fixtures";
import {
  endpointByName,
  screenshotPath,
  simAdmin,
  sql,
  sqlCount,
  trpcMutation,
  trpcQuery,
} from "./ops-helpers";

// Issue 14 in the browser: an admin adds a webhook destination pointing at a real HTTP receiver started
// here, sends a test the receiver gets (signed with the secret typed in the form), adds a rule through
// the form (a bad filter refused next to its field); a viewer sees the same tables without controls.
// Then a job fails in the simulator: after a real sync the overview shows the open alert, the job's page
// lists it with its delivery, the delivery log shows it sent, and the receiver got it, signed; the job's
// recovery closes the alert and sends "recovered".
//
// The job is the demo's 200-0 (pve-lab, lab1 → lab2, healthy): it is put back as it was at the end.

test.describe.configure({ mode: "serial" });

const DESTINATION = "e2e hook";
const SECRET = "e2e-signing-secret-7f3a";
const HEADER_VALUE = "e2e-header-token-91c2";
const RULE = "e2e failures";
const CLUSTER = "pve-lab";
const JOB = "200-0";
const ERROR_TEXT = "e2e: zfs send of rpool/data/subvol-200-disk-0 failed";
const HEALTHY = { last_sync: -240, last_try: -240, fail_count: 0, duration: 1.4 };

interface Received {
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A real webhook receiver: records every request; answers 200 unless told to fail the next ones. */
class Receiver {
  readonly requests: Received[] = [];
  private failures: number[] = [];
  private server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      this.requests.push({
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      const status = this.failures.shift() ?? 200;
      res.writeHead(status, { "content-type": "text/plain" });
      res.end(status === 200 ? "ok" : "receiver says no");
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }
  failNext(status: number): void {
    this.failures.push(status);
  }
  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The signature a receiver computes from the raw body and the shared secret. */
const signatureOf = (body: string) => `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;

const receiver = new Receiver();
let hookUrl: string;

test.beforeAll(async () => {
  hookUrl = await receiver.start();
});
test.afterAll(async () => {
  await receiver.close();
});

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

/** Requests the receiver got whose JSON body satisfies `match`. */
function received(
  match: (body: { test?: boolean; events?: { transition: string; replication_id: string }[] }) => boolean,
) {
  return receiver.requests.filter((r) => {
    try {
      return match(JSON.parse(r.body));
    } catch {
      return false;
    }
  });
}

async function expectNoSecretIn(page: Page): Promise<void> {
  const html = await page.content();
  expect(html).not.toContain(SECRET);
  expect(html).not.toContain(HEADER_VALUE);
}

test("an admin adds a webhook destination, sends a test the receiver gets, and adds a rule", async ({
  signedIn: page,
}) => {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Alerts" }).click();
  await expect(page).toHaveURL(/\/alerts$/);
  await expect(page.getByRole("heading", { name: "Alerts", level: 1 })).toBeVisible();

  // The destination, through the form.
  await page.getByRole("button", { name: "Add destination" }).click();
  const add = page.getByRole("dialog", { name: "Add destination" });
  await add.getByLabel("Name").fill(DESTINATION);
  await expect(add.getByLabel("Kind")).toHaveValue("webhook");
  await add.getByLabel("URL").fill(hookUrl);
  await add.getByLabel("Signing secret", { exact: true }).fill(SECRET);
  // A line that is not "Name: value" is pointed at by number, not sent.
  await add.getByLabel("Custom headers", { exact: true }).fill(`X-E2E-Token: ${HEADER_VALUE}\nno-colon-here`);
  await add.getByRole("button", { name: "Create" }).click();
  await expect(add.locator("#dst-headers-error")).toHaveText("line 2: write each header as Name: value");
  expect(await sqlCount("select count(*) n from alert_destination where name = $1", [DESTINATION])).toBe(0);
  await add.getByLabel("Custom headers", { exact: true }).fill(`X-E2E-Token: ${HEADER_VALUE}`);
  await add.getByRole("button", { name: "Create" }).click();
  await expect(add).toBeHidden();

  const row = page.locator(`tr[data-destination="${DESTINATION}"]`);
  await expect(row.getByTestId("destination-target")).toContainText(hookUrl);
  await expect(row.getByTestId("destination-target")).toContainText("headers: X-E2E-Token");
  await expect(row.getByTestId("destination-secret")).toHaveText("set");
  const [stored] = await sql<{ url: string; secret_encrypted: string; header_names: string[] }>(
    "select url, secret_encrypted, header_names from alert_destination where name = $1",
    [DESTINATION],
  );
  expect(stored.url).toBe(hookUrl);
  expect(stored.header_names).toEqual(["X-E2E-Token"]);
  expect(stored.secret_encrypted).not.toContain(SECRET);
  // Secrets are write-only: not in the page, not in what the API answers.
  await expectNoSecretIn(page);
  const listed = JSON.stringify(await trpcQuery(page.request, "alerts.destinations.list"));
  expect(listed).toContain(DESTINATION);
  expect(listed).not.toContain(SECRET);
  expect(listed).not.toContain(HEADER_VALUE);

  // Send test: the receiver gets one signed request with the custom header; the row says so.
  await row.getByRole("button", { name: `Send test to ${DESTINATION}` }).click();
  const result = page.getByTestId("test-result");
  await expect(result).toHaveText("Test sent: HTTP 200");
  await expect(result).toHaveAttribute("data-ok", "true");
  const tests = received((b) => b.test === true);
  expect(tests).toHaveLength(1);
  expect(tests[0].url).toBe("/hook");
  expect(tests[0].headers["x-proxbox-signature"]).toBe(signatureOf(tests[0].body));
  expect(tests[0].headers["x-e2e-token"]).toBe(HEADER_VALUE);

  // A failing receiver: the exact failure, in red.
  receiver.failNext(500);
  await row.getByRole("button", { name: `Send test to ${DESTINATION}` }).click();
  await expect(result).toHaveAttribute("data-ok", "false");
  await expect(result).toHaveText(`Test failed: HTTP 500 from ${hookUrl}: receiver says no`);
  await expect(result).toHaveClass(/text-red-700/);
  expect(received((b) => b.test === true)).toHaveLength(2);

  // Editing keeps the write-only secrets when their fields are left blank: the next test is signed
  // with the same secret and carries the same header.
  await row.getByRole("button", { name: `Edit ${DESTINATION}` }).click();
  const edit = page.getByRole("dialog", { name: `Edit destination ${DESTINATION}` });
  await expect(edit.getByLabel("Signing secret", { exact: true })).toHaveValue("");
  await expect(edit.getByLabel("Custom headers", { exact: true })).toHaveValue("");
  await expect(edit.getByText("Set: X-E2E-Token.")).toBeVisible();
  await edit.getByLabel("Description").fill("the e2e receiver");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText("the e2e receiver");
  await expect(row.getByTestId("destination-secret")).toHaveText("set");
  await row.getByRole("button", { name: `Send test to ${DESTINATION}` }).click();
  await expect(result).toHaveText("Test sent: HTTP 200");
  const kept = received((b) => b.test === true);
  expect(kept).toHaveLength(3);
  expect(kept[2].headers["x-proxbox-signature"]).toBe(signatureOf(kept[2].body));
  expect(kept[2].headers["x-e2e-token"]).toBe(HEADER_VALUE);

  // The rule, through the form; a filter the list does not know is refused next to the field.
  await page.getByRole("button", { name: "Add rule" }).click();
  const rule = page.getByRole("dialog", { name: "Add rule" });
  await rule.getByLabel("Name").fill(RULE);
  await rule.getByRole("checkbox", { name: /unknown/ }).check();
  await rule.getByRole("radio", { name: "Chosen endpoints" }).check();
  await rule.getByRole("checkbox", { name: CLUSTER }).check();
  await rule.getByLabel("Filter").fill("replication_idd=200-0");
  await rule.getByRole("checkbox", { name: DESTINATION }).check();
  await rule.getByRole("button", { name: "Create" }).click();
  await expect(rule.locator("#rule-filter-error")).toContainText("unknown filter replication_idd");
  await expect(rule.getByLabel("Filter")).toHaveAttribute("aria-invalid", "true");
  expect(await sqlCount("select count(*) n from alert_rule where name = $1", [RULE])).toBe(0);
  await rule.getByLabel("Filter").fill(`replication_id=${JOB}`);
  await rule.getByRole("button", { name: "Create" }).click();
  await expect(rule).toBeHidden();

  const ruleRow = page.locator(`tr[data-rule="${RULE}"]`);
  for (const t of ["error", "overdue", "stuck", "unknown", "recovered"])
    await expect(ruleRow.locator(`[data-transition="${t}"]`)).toBeVisible();
  await expect(ruleRow.getByRole("link", { name: CLUSTER })).toBeVisible();
  await expect(ruleRow.getByRole("link", { name: `replication_id=${JOB}` })).toHaveAttribute(
    "href",
    `/replications?replication_id=${JOB}`,
  );
  await expect(ruleRow).toContainText(DESTINATION);
  await expect(ruleRow.getByRole("checkbox", { name: `${RULE} enabled` })).toBeChecked();
  await expect(ruleRow.getByTestId("last-delivery")).toHaveText("never");
  const lab = await endpointByName(page.request, CLUSTER);
  const [storedRule] = await sql<{
    transitions: string[];
    endpoint_ids: number[];
    filter: string;
    digest_seconds: number;
    enabled: boolean;
    destinations: string[];
  }>(
    `select r.transitions, r.endpoint_ids, r.filter, r.digest_seconds, r.enabled,
            array(select d.name from alert_rule_destination rd join alert_destination d on d.id = rd.destination_id
                   where rd.rule_id = r.id) as destinations
       from alert_rule r where r.name = $1`,
    [RULE],
  );
  expect(storedRule).toEqual({
    transitions: ["error", "overdue", "stuck", "unknown", "recovered"],
    endpoint_ids: [lab.id],
    filter: `replication_id=${JOB}`,
    digest_seconds: 0,
    enabled: true,
    destinations: [DESTINATION],
  });

  // Editing the rule starts from what it is: only the changed field changes.
  await ruleRow.getByRole("button", { name: `Edit ${RULE}` }).click();
  const editRule = page.getByRole("dialog", { name: `Edit rule ${RULE}` });
  await expect(editRule.getByLabel("Filter")).toHaveValue(`replication_id=${JOB}`);
  await expect(editRule.getByRole("checkbox", { name: DESTINATION })).toBeChecked();
  await editRule.getByLabel("Description").fill("the e2e job's failures");
  await editRule.getByRole("button", { name: "Save" }).click();
  await expect(editRule).toBeHidden();
  await expect(ruleRow).toContainText("the e2e job's failures");
  const [edited] = await sql<{ description: string; filter: string; transitions: string[] }>(
    "select description, filter, transitions from alert_rule where name = $1",
    [RULE],
  );
  expect(edited).toEqual({
    description: "the e2e job's failures",
    filter: storedRule.filter,
    transitions: storedRule.transitions,
  });
  await page.screenshot({ path: screenshotPath("alerts"), fullPage: true });
});

test("an e-mail destination: field errors next to their fields, a test to a closed port fails with the reason", async ({
  signedIn: page,
}) => {
  const NAME = "e2e mail";
  const PASSWORD = "e2e-smtp-password-5511";
  await page.goto("/alerts");
  await page.getByRole("button", { name: "Add destination" }).click();
  const add = page.getByRole("dialog", { name: "Add destination" });
  await add.getByLabel("Name").fill(NAME);
  await add.getByLabel("Kind").selectOption("email");
  await add.getByLabel("Recipients").fill("ops@example.test, not-an-address");
  await add.getByLabel("SMTP server").fill("smtp://alerts@127.0.0.1:1");
  await add.getByLabel("SMTP password", { exact: true }).fill(PASSWORD);
  await add.getByRole("button", { name: "Create" }).click();
  await expect(add.locator("#dst-emailTo-error")).toHaveText("must be an e-mail address");
  await expect(add.getByLabel("Recipients")).toHaveAttribute("aria-invalid", "true");
  expect(await sqlCount("select count(*) n from alert_destination where name = $1", [NAME])).toBe(0);
  await add.getByLabel("Recipients").fill("ops@example.test, oncall@example.test");
  await add.getByRole("button", { name: "Create" }).click();
  await expect(add).toBeHidden();

  const row = page.locator(`tr[data-destination="${NAME}"]`);
  await expect(row.getByTestId("destination-target")).toContainText("ops@example.test, oncall@example.test");
  await expect(row.getByTestId("destination-target")).toContainText("via smtp://alerts@127.0.0.1:1");
  await expect(row.getByTestId("destination-secret")).toHaveText("set");
  const [stored] = await sql<{ email_to: string[]; smtp_url: string; smtp_password_encrypted: string }>(
    "select email_to, smtp_url, smtp_password_encrypted from alert_destination where name = $1",
    [NAME],
  );
  expect(stored.email_to).toEqual(["ops@example.test", "oncall@example.test"]);
  expect(stored.smtp_url).toBe("smtp://alerts@127.0.0.1:1");
  expect(stored.smtp_password_encrypted).not.toContain(PASSWORD);

  // Nothing listens on port 1: the exact reason, and never the password.
  await row.getByRole("button", { name: `Send test to ${NAME}` }).click();
  const result = row.locator("xpath=following-sibling::tr[1]").getByTestId("test-result");
  await expect(result).toHaveAttribute("data-ok", "false");
  await expect(result).toHaveText(/^Test failed: .*ECONNREFUSED/);
  expect(await page.content()).not.toContain(PASSWORD);

  await row.getByRole("button", { name: `Delete ${NAME}` }).click();
  await page
    .getByRole("dialog", { name: `Delete destination ${NAME}?` })
    .getByRole("button", { name: "Delete" })
    .click();
  await expect(row).toHaveCount(0);
});

test("a viewer sees the rules and destinations without the admin's controls", async ({ page }) => {
  await signIn(page, "viewer");
  await page.goto("/alerts");
  await expect(page.locator(`tr[data-rule="${RULE}"]`)).toContainText(DESTINATION);
  await expect(page.locator(`tr[data-destination="${DESTINATION}"]`)).toContainText(hookUrl);
  await expect(page.getByRole("region", { name: /Delivery log/ })).toBeVisible();
  for (const name of [
    "Add rule",
    "Add destination",
    `Send test to ${DESTINATION}`,
    `Edit ${RULE}`,
    `Delete ${RULE}`,
  ])
    await expect(page.getByRole("button", { name })).toHaveCount(0);
  await expect(page.getByRole("checkbox", { name: `${RULE} enabled` })).toBeDisabled();
  await expectNoSecretIn(page);
  // The server refuses too, whatever the page shows.
  const [{ id }] = await sql<{ id: number }>("select id from alert_destination where name = $1", [
    DESTINATION,
  ]);
  await expect(trpcMutation(page.request, "alerts.destinations.test", { id })).rejects.toThrow(/permission/i);
});

test("a failing job raises an alert: open on the overview, listed on its page, sent, and closed by its recovery", async ({
  signedIn: page,
}) => {
  test.setTimeout(150_000);
  const request = page.request;
  const lab = await endpointByName(request, CLUSTER);
  const [job] = await sql<{ id: number; health: string }>(
    "select id, health from replication where endpoint_id = $1 and replication_id = $2",
    [lab.id, JOB],
  );
  expect(job.health).toBe("ok");
  const [{ id: ruleId }] = await sql<{ id: number }>("select id from alert_rule where name = $1", [RULE]);
  try {
    // 1. The job's last run failed; a real sync reads it.
    await simAdmin(lab.url, "setJobState", CLUSTER, JOB, {
      ...HEALTHY,
      last_try: -30,
      fail_count: 1,
      error: ERROR_TEXT,
    });
    await syncReplications(request, lab.id);
    const [events] = await sql<{ n: number }>(
      "select count(*)::int n from alert_event where job_id = $1 and transition = 'error'",
      [job.id],
    );
    expect(events.n).toBe(1);
    const [open] = await sql<{ alerts_open: string[] }>("select alerts_open from replication where id = $1", [
      job.id,
    ]);
    expect(open.alerts_open).toEqual(["error"]);

    // 2. Delivered by the workers: the receiver got one signed "error" message naming the job.
    await expect
      .poll(
        async () =>
          (
            await sql<{ state: string }>(
              "select state from alert_delivery where rule_id = $1 order by id desc limit 1",
              [ruleId],
            )
          )[0]?.state ?? "none",
        { timeout: 60_000 },
      )
      .toBe("sent");
    const errors = received(
      (b) => b.test === false && b.events?.some((e) => e.transition === "error") === true,
    );
    expect(errors).toHaveLength(1);
    const message = JSON.parse(errors[0].body) as {
      rule: { name: string };
      events: { replication_id: string; transition: string; previous: string; error: string; url: string }[];
    };
    expect(errors[0].headers["x-proxbox-signature"]).toBe(signatureOf(errors[0].body));
    expect(message.rule.name).toBe(RULE);
    expect(message.events).toHaveLength(1);
    expect(message.events[0]).toMatchObject({
      replication_id: JOB,
      transition: "error",
      previous: "ok",
      error: ERROR_TEXT,
    });
    expect(message.events[0].url).toMatch(new RegExp(`/replications/${job.id}$`));

    // 3. The overview: the open alert, with its condition, linking to the job.
    await page.goto("/");
    const card = page.getByTestId("open-alerts");
    const openCount = await sqlCount("select count(*) n from replication where alerts_open <> '{}'");
    await expect(card.getByRole("heading")).toHaveText(`Open alerts (${openCount})`);
    const item = card.locator(`li[data-job="${JOB}"]`);
    await expect(item.locator('[data-condition="error"]')).toHaveText("error");
    await page.screenshot({ path: screenshotPath("overview-open-alerts"), fullPage: true });
    await item.getByRole("link", { name: JOB }).click();
    await expect(page).toHaveURL(new RegExp(`/replications/${job.id}$`));

    // 4. The job's page: the alert, ok → error with the error, and where it went.
    const panel = page.getByRole("region", { name: /^Alerts/ });
    const alertRow = panel.locator('tr[data-transition="error"]');
    await expect(alertRow).toContainText("ok → error");
    await expect(alertRow).toContainText(ERROR_TEXT);
    await expect(alertRow.locator("li[data-delivery]")).toContainText(`${RULE}→${DESTINATION}sent`);
    await page.screenshot({ path: screenshotPath("replication-alerts"), fullPage: true });

    // 5. The delivery log, reached from the job's delivery: this rule's deliveries, sent, one event.
    await alertRow.getByRole("link", { name: RULE }).click();
    await expect(page).toHaveURL(new RegExp(`/alerts\\?rule=${ruleId}#deliveries$`));
    const log = page.getByTestId("deliveries-table");
    const deliveries = await sql<{ id: number; state: string; attempts: number }>(
      "select id, state, attempts from alert_delivery where rule_id = $1 order by created desc, id desc",
      [ruleId],
    );
    await expect(log.locator("tbody tr[data-delivery]")).toHaveCount(deliveries.length);
    const sent = log.locator(`tr[data-delivery="${deliveries[0].id}"]`);
    await expect(sent.locator("[data-delivery-state]")).toHaveText("sent");
    await expect(sent).toContainText(DESTINATION);
    await sent.getByRole("button", { name: `Attempts of delivery ${deliveries[0].id}` }).click();
    await expect(page.getByTestId(`attempts-${deliveries[0].id}`).locator("li")).toHaveCount(
      deliveries[0].attempts,
    );
    await expect(page.getByTestId(`attempts-${deliveries[0].id}`).locator("li").last()).toHaveAttribute(
      "data-ok",
      "true",
    );
    await expect(page.locator(`tr[data-rule="${RULE}"]`).getByTestId("last-delivery")).toContainText("sent");
    await page.screenshot({ path: screenshotPath("alerts-deliveries"), fullPage: true });
    // The filters are the URL's: none of this rule's deliveries failed.
    await page.locator("#dlv-state").selectOption("failed");
    await expect(page).toHaveURL(/[?&]state=failed/);
    await expect(page.getByText("None match these filters.")).toBeVisible();
    await page.locator("#dlv-state").selectOption("sent");
    await expect(log.locator("tbody tr[data-delivery]")).toHaveCount(
      deliveries.filter((d) => d.state === "sent").length,
    );
  } finally {
    // 6. (and clean-up) The job recovers: the alert closes and "recovered" is sent.
    await simAdmin(lab.url, "setJobState", CLUSTER, JOB, HEALTHY);
    await syncReplications(request, lab.id);
  }
  const [closed] = await sql<{ alerts_open: string[] }>("select alerts_open from replication where id = $1", [
    job.id,
  ]);
  expect(closed.alerts_open).toEqual([]);
  const recoveries = () =>
    received((b) => b.test === false && b.events?.some((e) => e.transition === "recovered") === true);
  await expect.poll(() => recoveries().length, { timeout: 60_000 }).toBe(1);
  const [recovery] = recoveries();
  expect(recovery.headers["x-proxbox-signature"]).toBe(signatureOf(recovery.body));
  expect(JSON.parse(recovery.body).events).toMatchObject([
    { replication_id: JOB, transition: "recovered", previous: "error", state: "ok" },
  ]);
  await page.goto("/");
  await expect(page.getByTestId("open-alerts").locator(`li[data-job="${JOB}"]`)).toHaveCount(0);
  await page.goto(`/replications/${job.id}`);
  await expect(
    page.getByRole("region", { name: /^Alerts/ }).locator('tr[data-transition="recovered"]'),
  ).toContainText("error → ok");
});

test("an admin disables and deletes the rule; its only destination cannot go first", async ({
  signedIn: page,
}) => {
  await page.goto("/alerts");
  const ruleRow = page.locator(`tr[data-rule="${RULE}"]`);
  const destinationRow = page.locator(`tr[data-destination="${DESTINATION}"]`);

  // A rule left without destinations would alert no one: refused, with the reason in the dialog.
  await destinationRow.getByRole("button", { name: `Delete ${DESTINATION}` }).click();
  const refuse = page.getByRole("dialog", { name: `Delete destination ${DESTINATION}?` });
  await refuse.getByRole("button", { name: "Delete" }).click();
  await expect(refuse.getByRole("alert")).toContainText(`is the only destination of ${RULE}`);
  await refuse.getByRole("button", { name: "Cancel" }).click();
  await expect(refuse).toBeHidden();
  expect(await sqlCount("select count(*) n from alert_destination where name = $1", [DESTINATION])).toBe(1);

  await ruleRow.getByRole("checkbox", { name: `${RULE} enabled` }).click();
  await expect(ruleRow).toContainText("off");
  expect(
    (await sql<{ enabled: boolean }>("select enabled from alert_rule where name = $1", [RULE]))[0],
  ).toEqual({
    enabled: false,
  });

  await ruleRow.getByRole("button", { name: `Delete ${RULE}` }).click();
  await page
    .getByRole("dialog", { name: `Delete rule ${RULE}?` })
    .getByRole("button", { name: "Delete" })
    .click();
  await expect(ruleRow).toHaveCount(0);
  await destinationRow.getByRole("button", { name: `Delete ${DESTINATION}` }).click();
  await page
    .getByRole("dialog", { name: `Delete destination ${DESTINATION}?` })
    .getByRole("button", { name: "Delete" })
    .click();
  await expect(destinationRow).toHaveCount(0);
  expect(await sqlCount("select count(*) n from alert_rule where name = $1", [RULE])).toBe(0);
  expect(await sqlCount("select count(*) n from alert_destination where name = $1", [DESTINATION])).toBe(0);
  // The delivery log went with them (alert_delivery cascades); the job's alert events stay.
  expect(await sqlCount("select count(*) n from alert_delivery")).toBe(0);
});
