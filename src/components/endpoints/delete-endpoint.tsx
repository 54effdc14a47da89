"use client";

import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { api } from "@/lib/trpc/react";

/** Delete with confirmation: removes the endpoint and everything imported from it, never touches Proxmox. */
export function DeleteEndpointButton({
  id,
  name,
  replications,
  compact = false,
  redirectTo,
}: {
  id: number;
  name: string;
  replications: number;
  compact?: boolean;
  redirectTo?: string;
}) {
  const utils = api.useUtils();
  const router = useRouter();
  const remove = api.endpoints.delete.useMutation();
  return (
    <ConfirmDialog
      trigger={
        <Button
          size={compact ? "sm" : "md"}
          variant={compact ? "ghost" : "danger"}
          aria-label={`Delete ${name}`}
        >
          {compact ? null : <Trash2 aria-hidden="true" />}
          Delete
        </Button>
      }
      title={`Delete endpoint ${name}?`}
      description={`This removes ${name} and the ${replications} replication job${replications === 1 ? "" : "s"}, guests and nodes imported from it from Proxbox. Nothing changes in Proxmox.`}
      confirmLabel={`Delete ${name}`}
      onConfirm={async () => {
        await remove.mutateAsync({ id });
        await utils.endpoints.invalidate();
        void utils.overview.invalidate();
        void utils.topology.invalidate();
        if (redirectTo) router.push(redirectTo);
      }}
    />
  );
}
