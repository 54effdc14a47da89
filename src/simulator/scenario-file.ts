import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseScenario, type Scenario } from "./scenario";

/** The shipped demo: two clusters, ~30 jobs in every state (see README.md). */
export const DEMO_SCENARIO_PATH = fileURLToPath(new URL("./scenarios/demo.json", import.meta.url));

/** Reads and validates a scenario JSON file; errors name the file and the invalid field. */
export function loadScenarioFile(path: string): Scenario {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Error(`cannot read scenario ${path}: ${(err as Error).message}`);
  }
  try {
    return parseScenario(json);
  } catch (err) {
    throw new Error(`invalid scenario ${path}: ${(err as Error).message}`);
  }
}

export function loadDemoScenario(): Scenario {
  return loadScenarioFile(DEMO_SCENARIO_PATH);
}
