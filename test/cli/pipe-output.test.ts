import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { setupTestDatabase } from "../helpers/db";
import { runCli } from "./run-cli";

// `proxbox --json replications list | jq` must see every byte: the CLI exits only once the pipe has
// taken all of its output (a pipe holds 64 KB; the rest used to be dropped by process.exit()).

const ROWS = 20_000;
const databaseUrl = setupTestDatabase();
let ids: number[] = [];

beforeAll(async () => {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    const endpoint = await client.query<{ id: number }>(
      "insert into proxmox_endpoint (name, url, last_updated) values ('pve-big', 'https://pve-big.invalid:8006', now()) returning id",
    );
    const inserted = await client.query<{ id: number }>(
      `insert into replication (endpoint_id, replication_id, guest, jobnum, target, comment)
       select $1, (100 + g) || '-0', 100 + g, 0, 'pve2', 'a comment long enough to make each row a few hundred bytes'
       from generate_series(1, $2::int) g
       returning id`,
      [endpoint.rows[0].id, ROWS],
    );
    ids = inserted.rows.map((r) => r.id).sort((a, b) => a - b);
  } finally {
    await client.end();
  }
});

/** The list as an array, whichever envelope the command uses (a bare array or a REST-style page). */
function rowsOf(parsed: unknown): Array<{ id: number }> {
  if (Array.isArray(parsed)) return parsed;
  const results = (parsed as { results?: unknown }).results;
  if (Array.isArray(results)) return results;
  throw new Error(`unexpected --json output: ${JSON.stringify(parsed).slice(0, 200)}`);
}

describe("proxbox --json replications list into a slow pipe", () => {
  it("writes all of a multi-megabyte list before exiting", async () => {
    const result = await runCli(["--json", "replications", "list"], {
      env: { DATABASE_URL: databaseUrl() },
      pauseStdoutMs: 1500,
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout.length).toBeGreaterThan(2 * 1024 * 1024);
    const rows = rowsOf(JSON.parse(result.stdout));
    expect(rows).toHaveLength(ROWS);
    expect(rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(ids);
  }, 120_000);
});
