import { describe, expect, it } from "vitest";
import { Prisma } from "@/generated/prisma/client";
import { replicationFilterSet } from "@/server/replications/filterset";
import { fromFor } from "./run";

const from = (...sql: Prisma.Sql[]) =>
  fromFor(replicationFilterSet, ...sql)
    .sql.replace(/\s+/g, " ")
    .trim();

describe("fromFor: a count or page joins only the tables its SQL reads", () => {
  it("runs on the base table when no joined alias is read", () => {
    expect(from(Prisma.sql`r.health = ${"error"}`, Prisma.raw("r.last_sync DESC, r.id ASC"))).toBe(
      "replication r",
    );
  });

  it("adds exactly the joins whose alias is read, in declaration order", () => {
    const text = from(Prisma.raw("vm.name ILIKE $1"), Prisma.raw("e.name ASC, r.id ASC"));
    expect(text).toContain("JOIN proxmox_endpoint e ON e.id = r.endpoint_id");
    expect(text).toContain("LEFT JOIN virtual_machine vm ON vm.id = r.virtual_machine_id");
    expect(text).not.toContain("proxmox_node pn");
    expect(text.indexOf("proxmox_endpoint e")).toBeLessThan(text.indexOf("virtual_machine vm"));
  });

  it("does not mistake a longer identifier ending in an alias for the alias", () => {
    // "pve.x" and "some_e.x" end in "e." but read no joined table.
    expect(from(Prisma.raw("r.source = 'pve.x' AND some_e.y = 1"))).toBe("replication r");
  });

  it("keeps a filter set without parts on its full from", () => {
    const def = { ...replicationFilterSet, parts: undefined };
    expect(fromFor(def, Prisma.raw("r.id = 1")).sql).toBe(replicationFilterSet.from.sql);
  });
});
