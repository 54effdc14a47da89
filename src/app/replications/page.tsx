import type { Metadata } from "next";
import { ReplicationsTable } from "@/components/replications/replications-table";

export const metadata: Metadata = { title: "Replications" };

export default function ReplicationsPage() {
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Replications</h1>
      <ReplicationsTable />
    </div>
  );
}
