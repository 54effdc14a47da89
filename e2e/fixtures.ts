// Test fixtures: pages signed in as a role, and helpers that read the list table and compare it with
// the database. Users are seeded by global setup; signing in goes through the real sign-in page.
import { test as base, expect, type Page } from "@playwright/test";
import { closeSql, type Role, sql, USERS } from "./world";

/** Signs in through the sign-in page (a new session each time). */
export async function signIn(page: Page, role: Role): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Username").fill(USERS[role].username);
  await page.getByLabel("Password").fill(USERS[role].password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
}

export async function signOut(page: Page): Promise<void> {
  await page.context().clearCookies();
}

export const test = base.extend<{ role: Role; signedIn: Page }, { sqlTeardown: undefined }>({
  role: ["admin", { option: true }],
  signedIn: async ({ page, role }, use) => {
    await signIn(page, role);
    await use(page);
  },
  sqlTeardown: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies by destructuring
    async ({}, use) => {
      await use(undefined);
      await closeSql();
    },
    { scope: "worker", auto: true },
  ],
});

export { expect };

// ——— the list table ———

/** Row ids (database primary keys) of the table as displayed, once it is not fetching. */
export async function visibleIds(page: Page): Promise<number[]> {
  const table = page.getByTestId("data-table");
  if ((await table.count()) === 0) return [];
  return table
    .locator("tbody tr")
    .evaluateAll((rows) => rows.map((r) => Number(r.getAttribute("data-row-id"))));
}

/** Waits until the table shows exactly `ids`, in order (and has finished fetching). */
export async function expectIds(page: Page, ids: number[]): Promise<void> {
  await expect
    .poll(
      async () => {
        const busy = await page
          .getByTestId("data-table")
          .getAttribute("aria-busy")
          .catch(() => null);
        if (busy === "true") return "fetching";
        return JSON.stringify(await visibleIds(page));
      },
      { timeout: 30_000 },
    )
    .toBe(JSON.stringify(ids));
}

export const REPLICATION_FROM = `replication r JOIN proxmox_endpoint e ON e.id = r.endpoint_id
  LEFT JOIN virtual_machine vm ON vm.id = r.virtual_machine_id LEFT JOIN proxmox_node pn ON pn.id = r.proxmox_node_id`;
/** Proxbox's Meta.ordering (endpoint, replication_id — the latter as guest, jobnum) and the pk tie-breaker. */
export const DEFAULT_ORDER = "e.name, r.guest, r.jobnum, r.replication_id";

/** Replication ids as the database orders and pages them. */
export async function replicationIds(
  where = "true",
  opts: { order?: string; limit?: number; offset?: number; params?: unknown[] } = {},
): Promise<number[]> {
  const rows = await sql<{ id: number }>(
    `SELECT r.id FROM ${REPLICATION_FROM} WHERE ${where} ORDER BY ${opts.order ?? DEFAULT_ORDER}, r.id
     LIMIT ${opts.limit ?? 50} OFFSET ${opts.offset ?? 0}`,
    opts.params ?? [],
  );
  return rows.map((r) => r.id);
}

export async function replicationCount(where = "true", params: unknown[] = []): Promise<number> {
  const [row] = await sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${REPLICATION_FROM} WHERE ${where}`,
    params,
  );
  return row.n;
}

/** A small RFC 4180 parser (quoted fields, doubled quotes, CRLF/LF) for the CSV export checks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
