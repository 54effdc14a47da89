import { randomUUID } from "node:crypto";
import { db } from "@/server/db/client";
import { createEndpoint } from "@/server/endpoints/service";
import { executeRun } from "@/server/sync/pipeline";
import { processRun, requestSync, type SyncRequest } from "@/server/sync/service";
import type { TestSimulator } from "@/simulator/test-helper";

export const testActor = { userId: null, userName: "test", requestId: randomUUID() };

/** An endpoint row pointing at a simulated cluster, pinned to its certificate's fingerprint. */
export async function endpointForCluster(
  sim: Pick<TestSimulator, "endpointFor">,
  cluster: string,
  overrides: Record<string, unknown> = {},
) {
  const e = sim.endpointFor(cluster);
  return createEndpoint(testActor, {
    name: `${cluster}-${randomUUID().slice(0, 6)}`,
    url: e.url,
    authMode: "token",
    tokenId: e.tokenId,
    tokenSecret: e.secret,
    tlsMode: "fingerprint",
    fingerprint: e.fingerprint,
    requestTimeoutMs: 5000,
    ...overrides,
  });
}

/** Requests a run and executes it in this process (the worker's code path, without the queue wait). */
export async function syncNow(req: SyncRequest) {
  const { run } = await requestSync(req);
  await processRun(run.id);
  return db.syncRun.findUniqueOrThrow({ where: { id: run.id } });
}

export { executeRun };
