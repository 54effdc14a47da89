import type { RiskClass } from "@/lib/coverage";

// The VM list pre-filtered to exactly the guests a coverage number counts: the filters are the VM
// filterset's (replicated, ha_managed, replication_count), so a click shows the same guests.

const CLASS_QUERY: Record<RiskClass | "protected" | "unprotected", string> = {
  ha: "replicated=false&template=false&ha_managed=true",
  none: "replicated=false&template=false&ha_managed=false&replication_count=0",
  inactive: "replicated=false&template=false&ha_managed=false&replication_count__gt=0",
  unprotected: "replicated=false&template=false",
  protected: "replicated=true&template=false",
};

export function vmListHref(
  risk: keyof typeof CLASS_QUERY,
  scope: { endpointId?: number; node?: string } = {},
): string {
  const extra = new URLSearchParams();
  if (scope.endpointId !== undefined) extra.set("endpoint_id", String(scope.endpointId));
  if (scope.node !== undefined) extra.set("node_name", scope.node);
  const more = extra.toString();
  return `/virtual-machines?${CLASS_QUERY[risk]}${more ? `&${more}` : ""}`;
}
