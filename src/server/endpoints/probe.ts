import type { ProxmoxClient } from "@/server/proxmox";

export interface ConnectionTest {
  ok: boolean;
  version?: string;
  clusterName?: string | null;
  nodes?: number;
  error?: string;
  warning?: string | null;
}

/** "Test connection": version, cluster name and node count, or the typed error's message. */
export async function probe(
  connect: () => Promise<ProxmoxClient>,
  warning: string | null,
): Promise<ConnectionTest> {
  let client: ProxmoxClient | undefined;
  try {
    client = await connect();
    const version = await client.version();
    const status = await client.clusterStatus().catch(() => []);
    const nodes = await client.nodes();
    const cluster = status.find((s) => s.type === "cluster");
    return {
      ok: true,
      version: version.version,
      clusterName: cluster?.name ?? null,
      nodes: nodes.length,
      warning,
    };
  } catch (err) {
    return { ok: false, error: (err as Error).message, warning };
  } finally {
    await client?.close();
  }
}
