import type { Metadata } from "next";
import { listInputFromSearchParams, type SearchParams } from "@/components/data-table/query";
import { REPLICATION_FILTER_FIELDS_NO_OPTIONS } from "@/components/replications/fields";
import { ReplicationsTable } from "@/components/replications/replications-table";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/server/auth/current-user";
import { getTablePreferences } from "@/server/preferences/service";
import { listReplications } from "@/server/replications/service";

export const metadata: Metadata = { title: "Replications" };
export const dynamic = "force-dynamic";

// The URL is parsed once here with the same rules as the table's client state, so the first page
// arrives with the HTML; later changes are fetched by the table through tRPC.
export default async function ReplicationsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const user = await requireUser("viewer");
  const input = listInputFromSearchParams(REPLICATION_FILTER_FIELDS_NO_OPTIONS, await searchParams);
  const [prefs, data] = await Promise.all([
    getTablePreferences(user.id, "replications"),
    listReplications(input),
  ]);
  return (
    <div className="space-y-4">
      <PageHeader
        title="Replications"
        subtitle="Storage replication jobs (pvesr) on every Proxmox endpoint"
      />
      <ReplicationsTable
        viewer={{ username: user.username, role: user.role }}
        initialColumns={prefs.columns ?? null}
        initial={{ input, data }}
      />
    </div>
  );
}
