import { loadDemoScenario } from "./scenario-file";
import { type Simulator, type StartSimulatorOptions, startSimulator } from "./server";

export interface TestEndpoint {
  url: string;
  fingerprint: string;
  tokenId: string;
  secret: string;
}

export interface TestSimulator extends Simulator {
  /** Connection settings of a cluster's first token, ready for createProxmoxClient or an endpoint row. */
  endpointFor(clusterName: string): TestEndpoint;
}

/**
 * Starts the simulator on free ports for a test: the demo scenario unless one is given, and no 3 s delay on
 * 401 answers. Call `close()` in afterAll.
 */
export async function startTestSimulator(
  scenario?: unknown,
  opts: Omit<StartSimulatorOptions, "scenario"> = {},
): Promise<TestSimulator> {
  const sim = await startSimulator({ authDelayMs: 0, ...opts, scenario: scenario ?? loadDemoScenario() });
  return Object.assign(sim, {
    endpointFor(clusterName: string): TestEndpoint {
      const cluster = sim.cluster(clusterName);
      if (!cluster.token) throw new Error(`cluster ${clusterName} has no API token in the scenario`);
      return {
        url: cluster.url,
        fingerprint: cluster.fingerprint,
        tokenId: cluster.token.tokenId,
        secret: cluster.token.secret,
      };
    },
  });
}
