import type { RiskClass } from "@/lib/coverage";

export const RISK_LABELS: Record<RiskClass, string> = {
  ha: "HA-managed, not replicated",
  none: "No replication job",
  inactive: "Only inactive jobs",
};

export const RISK_HINTS: Record<RiskClass, string> = {
  ha: "HA recovery would start these guests on another node, where no replicated copy of their disks exists.",
  none: "No replication job at all: a node failure loses everything since the last backup.",
  inactive: "Every job is disabled, gone from Proxmox (stale) or scheduled for removal.",
};
