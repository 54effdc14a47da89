import { describe, expect, it } from "vitest";
import { ProxmoxNetworkError } from "@/server/proxmox/errors";
import { databaseErrorLine, isDatabaseOutage, whileDatabaseDown } from "@/server/sync/pipeline";

// A run stops with "the database connection was lost" only for PostgreSQL going away, never for a
// Proxmox node refusing connections (that is a stage failure the run reports and carries on from).

describe("database outage detection", () => {
  it("knows PostgreSQL restarts, refusals and Prisma's unreachable errors", () => {
    const pgTerminated = Object.assign(new Error("terminating connection due to administrator command"), {
      code: "57P01",
    });
    expect(isDatabaseOutage(pgTerminated)).toBe(true);
    expect(isDatabaseOutage(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(
      isDatabaseOutage(
        Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
      ),
    ).toBe(true);
    const prisma = new Error(
      "\nInvalid `db.syncRun.update()` invocation in\n/x/reporter.ts:159:22\n\n→ 159 await db.syncRun.update(\nCan't reach database server at 127.0.0.1:46701",
    );
    expect(isDatabaseOutage(prisma)).toBe(true);
    expect(databaseErrorLine(prisma)).toBe("Can't reach database server at 127.0.0.1:46701");
  });

  it("is not fooled by a Proxmox connection refusal or an ordinary SQL error", () => {
    const proxmox = new ProxmoxNetworkError({
      path: "/version",
      method: "GET",
      detail: "connect ECONNREFUSED 10.0.0.1:8006",
      code: "ECONNREFUSED",
    });
    expect(isDatabaseOutage(proxmox)).toBe(false);
    expect(isDatabaseOutage(Object.assign(new Error("duplicate key value"), { code: "23505" }))).toBe(false);
    expect(isDatabaseOutage("Connection terminated")).toBe(false);
  });

  it("retries a write while the database is down, and only then", async () => {
    let calls = 0;
    const down = Object.assign(new Error("the database system is starting up"), { code: "57P03" });
    expect(
      await whileDatabaseDown(async () => {
        calls += 1;
        if (calls < 3) throw down;
        return "written";
      }),
    ).toBe("written");
    expect(calls).toBe(3);
    calls = 0;
    await expect(
      whileDatabaseDown(async () => {
        calls += 1;
        throw new Error("violates check constraint");
      }),
    ).rejects.toThrow(/check constraint/);
    expect(calls).toBe(1);
  });
});
