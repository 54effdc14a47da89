import { describe, expect, it } from "vitest";
import { deriveHealth, worstHealth } from "./health";

const base = { observed: true, disable: false, removeJob: null, lastSync: 1_700_000_000 };

describe("deriveHealth (Proxmox GUI rules)", () => {
  it("is unknown when the node was not asked, whatever else is known", () => {
    expect(deriveHealth({ ...base, observed: false, error: "boom", pid: 12 })).toBe("unknown");
  });
  it("shows syncing while a pid is present, before removal or error", () => {
    expect(deriveHealth({ ...base, pid: 4242, removeJob: "full", error: "x" })).toBe("syncing");
  });
  it("shows removal scheduled before the error text", () => {
    expect(deriveHealth({ ...base, removeJob: "local", error: "x" })).toBe("removal_scheduled");
  });
  it("shows the error for a failing job even if disabled", () => {
    expect(deriveHealth({ ...base, error: "command 'zfs snapshot' failed", disable: true })).toBe("error");
  });
  it("distinguishes disabled, pending (never synced) and ok", () => {
    expect(deriveHealth({ ...base, disable: true })).toBe("disabled");
    expect(deriveHealth({ ...base, lastSync: 0 })).toBe("pending");
    expect(deriveHealth(base)).toBe("ok");
  });
  it("orders states worst first", () => {
    expect(worstHealth(["ok", "pending", "error", "disabled"])).toBe("error");
    expect(worstHealth(["ok", "unknown"])).toBe("unknown");
    expect(worstHealth([])).toBeNull();
  });
});
