import Link from "next/link";

export default function OverviewPage() {
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Overview</h1>
      <p>
        Proxbox inventories Proxmox VE storage replication jobs. See{" "}
        <Link className="underline" href="/replications">
          Replications
        </Link>
        .
      </p>
    </div>
  );
}
