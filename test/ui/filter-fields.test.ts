import { beforeAll, describe, expect, it } from "vitest";
import { type FilterField, type Lookup, lookupsOf, paramKey } from "@/components/data-table/filters";
import { buildQueryString } from "@/components/data-table/query";
import { REPLICATION_FILTER_FIELDS_NO_OPTIONS } from "@/components/replications/fields";
import { VM_FILTER_FIELDS_NO_OPTIONS } from "@/components/virtual-machines/fields";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db/client";
import { compileFilters, type FilterSetDef, parseQuery, resolveParameter } from "@/server/filters";
import { replicationFilterSet } from "@/server/replications/filterset";
import { virtualMachineFilterSet } from "@/server/virtual-machines/filterset";
import { setupTestDatabase } from "../helpers/db";

// Every filter a panel offers — each field with each lookup it lists — is a parameter the server's
// filterset knows and accepts in API mode (the strict one), and its SQL runs. Unknown parameters are
// ignored by design (NetBox), so a field renamed on one side only would otherwise filter nothing,
// silently. Add a panel here as a (fields, filterset) pair.

const PANELS: Array<{ name: string; fields: readonly FilterField[]; def: FilterSetDef }> = [
  { name: "replications", fields: REPLICATION_FILTER_FIELDS_NO_OPTIONS, def: replicationFilterSet },
  { name: "virtual machines", fields: VM_FILTER_FIELDS_NO_OPTIONS, def: virtualMachineFilterSet },
];

// Seeded below as the name of an endpoint, a node and a VM, so that a text value is also a valid
// related-object name wherever the server reads the field as a relation by name.
const NAME = "sample";
// Each related table gets one row in this fresh database, so id 1 exists in every one of them.
const RELATED_ID = "1";

function sampleValue(field: FilterField, lookup: Lookup): string {
  if (lookup === "empty") return "true";
  switch (field.kind) {
    case "string":
      return lookup === "regex" || lookup === "iregex" ? `^${NAME}$` : NAME;
    case "int":
      return "100";
    case "float":
      return "1.5";
    case "datetime":
      return "2026-01-02T03:04:05Z";
    case "boolean":
      return "true";
    case "choice": {
      const first = field.options?.[0]?.value;
      if (!first) throw new Error(`choice field ${field.key} offers no options`);
      return first;
    }
    case "relation":
      return field.options?.[0]?.value ?? RELATED_ID;
  }
}

setupTestDatabase();

beforeAll(async () => {
  const endpoint = await db.proxmoxEndpoint.create({
    data: {
      name: NAME,
      url: "https://pve.example.com:8006",
      tokenId: "root@pam!proxbox",
      secretEncrypted: "",
    },
  });
  const node = await db.proxmoxNode.create({
    data: { endpointId: endpoint.id, name: NAME, status: "online", online: true },
  });
  const vm = await db.virtualMachine.create({
    data: {
      endpointId: endpoint.id,
      vmid: 100,
      name: NAME,
      type: "qemu",
      status: "running",
      nodeId: node.id,
    },
  });
  await db.replication.create({
    data: {
      endpointId: endpoint.id,
      virtualMachineId: vm.id,
      proxmoxNodeId: node.id,
      guest: 100,
      jobnum: 0,
      replicationId: "100-0",
      target: NAME,
    },
  });
  expect([endpoint.id, node.id, vm.id].map(String)).toEqual([RELATED_ID, RELATED_ID, RELATED_ID]);
});

describe.each(PANELS)("the $name filter panel", ({ fields, def }) => {
  const offered = fields.flatMap((field) =>
    lookupsOf(field).map((lookup) => ({
      key: paramKey(field, lookup),
      value: sampleValue(field, lookup),
    })),
  );

  it("offers filters at all", () => {
    expect(offered.length).toBeGreaterThan(fields.length);
  });

  it("offers only parameters the server's filterset knows", () => {
    const unknown = offered.filter((p) => resolveParameter(def, p.key) === null).map((p) => p.key);
    expect(unknown).toEqual([]);
  });

  it("offers only filters the server accepts in API mode, with SQL that runs", async () => {
    const problems: Record<string, unknown> = {};
    for (const p of offered) {
      // Exactly what the browser sends: the panel's parameter through the table's query string.
      const params = parseQuery(buildQueryString([p], "", ""));
      const { where, errors } = await compileFilters(def, params, "api", db);
      if (Object.keys(errors).length > 0) {
        problems[`${p.key}=${p.value}`] = errors;
        continue;
      }
      if (where.sql === "TRUE") {
        problems[`${p.key}=${p.value}`] = "no condition";
        continue;
      }
      await db
        .$queryRaw(Prisma.sql`SELECT count(*)::int AS n FROM ${def.from} WHERE ${where}`)
        .catch((err: Error) => {
          problems[`${p.key}=${p.value}`] = err.message.split("\n")[0];
        });
    }
    expect(problems).toEqual({});
  });
});
