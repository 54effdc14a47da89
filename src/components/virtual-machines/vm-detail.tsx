import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { AttributePanel, Card, CardBody, CardHeader } from "@/components/ui/card";
import { formatExact } from "@/components/ui/format";
import { HealthBadge } from "@/components/ui/health-badge";
import { JsonView } from "@/components/ui/json-view";
import { HEALTH_LABELS, HEALTH_SEVERITY, HEALTH_STATES, VM_TYPE } from "@/lib/vocabulary";
import type { VirtualMachineDetail } from "@/server/virtual-machines/service";

/** Same rule as the server's isReplicated (not imported: that module reads the database). */
const isReplicated = (vm: Pick<VirtualMachineDetail, "replications">) => vm.replications.length > 0;

const link = "text-blue-700 hover:underline dark:text-blue-400";

export function VmDetail({ vm, health }: { vm: VirtualMachineDetail; health: Record<string, number> }) {
  const states = HEALTH_STATES.filter((s) => health[s]).sort(
    (a, b) => HEALTH_SEVERITY[b] - HEALTH_SEVERITY[a],
  );
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <AttributePanel
        title="Virtual machine"
        attributes={[
          { field: "name", label: "Name", value: vm.name },
          { field: "vmid", label: "VMID", value: vm.vmid },
          { field: "type", label: "Type", value: VM_TYPE[vm.type] },
          {
            field: "status",
            label: "Status",
            value: <Badge tone={vm.status === "running" ? "green" : "gray"}>{vm.status}</Badge>,
          },
          { field: "node", label: "Node", value: vm.nodeName },
          {
            field: "endpoint",
            label: "Endpoint",
            value: (
              <Link href={`/endpoints/${vm.endpoint.id}`} className={link}>
                {vm.endpoint.name}
              </Link>
            ),
          },
          { field: "cluster", label: "Cluster", value: vm.endpoint.clusterName },
          { field: "template", label: "Template", value: vm.template ? "Yes" : "No" },
          {
            field: "replicated",
            label: "Replicated",
            // The coverage page's rule: an active, enabled job not scheduled for removal.
            value: isReplicated(vm) ? (
              <Badge tone="green">Yes</Badge>
            ) : (
              <Badge tone={vm.haState ? "red" : "amber"}>No</Badge>
            ),
          },
          {
            field: "ha_state",
            label: "HA state",
            value: vm.haState ? (
              <>
                <Badge tone="blue">HA-managed</Badge> {vm.haState}
              </>
            ) : null,
          },
          { field: "ha_group", label: "HA group", value: vm.haGroup },
          { field: "pool", label: "Pool", value: vm.pool },
          { field: "tags", label: "Tags", value: vm.tags },
          { field: "created", label: "Created", value: formatExact(vm.created, "UTC") },
          { field: "last_updated", label: "Last updated", value: formatExact(vm.lastUpdated, "UTC") },
        ]}
      />
      <div className="space-y-4">
        <Card aria-labelledby="panel-replication-health">
          <CardHeader
            id="panel-replication-health"
            title="Replication health"
            actions={
              <Link href={`/virtual-machines/${vm.id}/proxbox`} className={`${link} text-sm`}>
                {vm._count.replications} job{vm._count.replications === 1 ? "" : "s"}
              </Link>
            }
          />
          <CardBody>
            {states.length === 0 ? (
              <p className="text-sm text-zinc-600 dark:text-zinc-400">This guest has no replication jobs.</p>
            ) : (
              <ul className="space-y-1">
                {states.map((s) => (
                  <li key={s} className="flex items-center justify-between">
                    <HealthBadge health={s} />
                    <Link
                      href={`/virtual-machines/${vm.id}/proxbox?health=${s}`}
                      className={`${link} tabular-nums`}
                      aria-label={`${health[s]} ${HEALTH_LABELS[s]} job${health[s] === 1 ? "" : "s"}`}
                    >
                      {health[s]}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </CardBody>
        </Card>
        <Card aria-labelledby="panel-raw">
          <CardHeader id="panel-raw" title="Proxmox resource (raw)" />
          <CardBody>
            <JsonView value={vm.raw} label="Raw Proxmox resource" />
          </CardBody>
        </Card>
      </div>
    </div>
  );
}
