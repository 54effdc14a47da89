import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { requireUser } from "@/server/auth/current-user";
import type { ObjectChangeRow } from "@/server/object-changes/service";
import { getReplication, listReplicationChanges, replicationDisplay } from "@/server/replications/service";

// What the replication detail pages (the job and its change log) read, through the replication
// service; `cache` shares one read per request between generateMetadata and the page.

const loadReplication = cache(async (rawId: string) =>
  /^\d{1,10}$/.test(rawId) ? getReplication(Number(rawId)) : null,
);

/** A row of the Change log tab. */
export type ChangeRow = ObjectChangeRow;

export async function replicationMetadata(rawId: string, tab?: string): Promise<Metadata> {
  const r = await loadReplication(rawId);
  if (!r) return { title: "Replication not found" };
  return { title: tab ? `${replicationDisplay(r)} – ${tab}` : replicationDisplay(r) };
}

/** The signed-in viewer's job (or a 404), its newest `changeLimit` changes and the header's props. */
export async function loadReplicationPage(rawId: string, changeLimit: number) {
  const user = await requireUser("viewer");
  const replication = await loadReplication(rawId);
  if (!replication) notFound();
  const changes = await listReplicationChanges(replication.id, changeLimit);
  const header = {
    replication,
    title: replicationDisplay(replication),
    changeCount: changes.count,
    canSync: user.role === "operator" || user.role === "admin",
  };
  return { replication, changes, header };
}
