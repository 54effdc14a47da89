import { describe, expect, it } from "vitest";
import { FaultRegistry } from "./faults";

describe("fault rules", () => {
  it("`every: 2` applies to every other matching request only (a flapping node)", () => {
    const faults = new FaultRegistry();
    faults.add({ path: "/nodes*", status: 500, every: 2 });
    const hits = Array.from({ length: 6 }, () => faults.take("c", "GET", "/nodes/pve1/replication")?.status);
    expect(hits).toEqual([undefined, 500, undefined, 500, undefined, 500]);
    // Requests the rule does not match are not counted towards `every`.
    expect(faults.take("c", "GET", "/version")).toBeUndefined();
    expect(faults.take("c", "GET", "/nodes")).toBeUndefined();
    expect(faults.take("c", "GET", "/nodes")?.status).toBe(500);
  });

  it("`every` with `times`: only applications count, then the rule disappears", () => {
    const faults = new FaultRegistry();
    faults.add({ path: "/version", status: 500, every: 3, times: 2 });
    const hits = Array.from({ length: 9 }, () => faults.take("c", "GET", "/version")?.status);
    expect(hits).toEqual([
      undefined,
      undefined,
      500,
      undefined,
      undefined,
      500,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("a request passed over by an `every` rule may still meet a later rule", () => {
    const faults = new FaultRegistry();
    faults.add({ path: "/version", status: 500, every: 2 });
    faults.add({ path: "/version", delayMs: 10 });
    expect(faults.take("c", "GET", "/version")).toMatchObject({ delayMs: 10 });
    expect(faults.take("c", "GET", "/version")).toMatchObject({ status: 500 });
  });
});
