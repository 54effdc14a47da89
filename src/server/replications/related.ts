import type { Prisma } from "@/generated/prisma/client";
import { isPlainObject } from "@/server/rest/body";
import { pythonRepr } from "@/server/rest/drf-errors";

// NetBox's get_related_object_by_attrs: a related object given by id or by a dict of attributes,
// with its exact error messages.

type Tx = Prisma.TransactionClient;
export type RelatedKind = "endpoint" | "virtual_machine" | "proxmox_node";

interface RelatedRow {
  id: number;
  endpointId: number;
}

const ATTRIBUTES: Record<RelatedKind, readonly string[]> = {
  endpoint: ["id", "name"],
  virtual_machine: ["id", "name", "vmid", "endpoint"],
  proxmox_node: ["id", "name", "endpoint"],
};

async function findAll(tx: Tx, kind: RelatedKind, where: Record<string, unknown>): Promise<RelatedRow[]> {
  if (kind === "endpoint") {
    const rows = await tx.proxmoxEndpoint.findMany({
      where: where as Prisma.ProxmoxEndpointWhereInput,
      select: { id: true },
      take: 2,
    });
    return rows.map((r) => ({ id: r.id, endpointId: r.id }));
  }
  const renamed = Object.fromEntries(
    Object.entries(where).map(([k, v]) => [k === "endpoint" ? "endpointId" : k, v]),
  );
  if (kind === "virtual_machine") {
    return tx.virtualMachine.findMany({
      where: renamed as Prisma.VirtualMachineWhereInput,
      select: { id: true, endpointId: true },
      take: 2,
    });
  }
  return tx.proxmoxNode.findMany({
    where: renamed as Prisma.ProxmoxNodeWhereInput,
    select: { id: true, endpointId: true },
    take: 2,
  });
}

export async function resolveRelated(
  tx: Tx,
  kind: RelatedKind,
  value: unknown,
): Promise<{ row: RelatedRow } | { error: string }> {
  if (typeof value === "number") {
    const rows = value <= 2_147_483_647 ? await findAll(tx, kind, { id: value }) : [];
    return rows[0]
      ? { row: rows[0] }
      : { error: `Related object not found using the provided numeric ID: ${value}` };
  }
  const attrs = isPlainObject(value) ? value : null;
  const allowed = ATTRIBUTES[kind];
  const valid =
    attrs &&
    Object.keys(attrs).length > 0 &&
    Object.entries(attrs).every(
      ([k, v]) =>
        allowed.includes(k) &&
        (k === "name"
          ? typeof v === "string"
          : typeof v === "number" && Number.isInteger(v) && Math.abs(v) <= 2_147_483_647),
    );
  if (!attrs || !valid) {
    return {
      error: `Related objects must be referenced by numeric ID or by dictionary of attributes. Received an unrecognized value: ${pythonRepr(value)}`,
    };
  }
  const rows = await findAll(tx, kind, attrs);
  if (rows.length === 0)
    return { error: `Related object not found using the provided attributes: ${pythonRepr(attrs)}` };
  if (rows.length > 1)
    return { error: `Multiple objects match the provided attributes: ${pythonRepr(attrs)}` };
  return { row: rows[0] };
}
