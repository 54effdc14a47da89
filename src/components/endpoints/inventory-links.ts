// What an endpoint's inventory counts and the replication list each count opens, shared by the
// endpoints list and the endpoint page.

export const INVENTORY_COUNTS = [
  { key: "replications", label: "Replications", query: "" },
  { key: "stale", label: "Stale", query: "&status=stale" },
  { key: "unlinked", label: "Unlinked", query: "&virtual_machine_id=null" },
] as const;

export function inventoryHref(endpointId: number, count: (typeof INVENTORY_COUNTS)[number]): string {
  return `/replications?endpoint_id=${endpointId}${count.query}`;
}
