import { describe, expect, it } from "vitest";
import type { NodeReplicationStatus } from "@/server/proxmox";
import { deriveHealth, healthFromStatus, unknownHealth } from "./health";

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
});

describe("stored health values", () => {
  // GET /nodes/pve1/replication item for a job whose last run failed (proxmox-api.md §1.6).
  const failing = {
    id: "101-0",
    type: "local",
    guest: 101,
    jobnum: 0,
    target: "pve2",
    vmtype: "lxc",
    last_sync: 1732850000,
    last_try: 1732861500,
    next_sync: 1732863300,
    fail_count: 4,
    duration: 1.02,
    error: "command 'zfs snapshot ...' failed: exit code 1",
    raw: {},
  } as NodeReplicationStatus;

  it("takes the node's status: epoch seconds as dates, the error, no pid", () => {
    expect(healthFromStatus({ disable: false, remove_job: null }, failing)).toEqual({
      last_sync: new Date("2024-11-29T03:13:20Z"),
      last_try: new Date("2024-11-29T06:25:00Z"),
      next_sync: new Date("2024-11-29T06:55:00Z"),
      duration: 1.02,
      fail_count: 4,
      error: "command 'zfs snapshot ...' failed: exit code 1",
      syncing_pid: null,
      health: "error",
    });
  });

  it("a never-run job has no last sync and is pending; the stored remove_job counts when the node omits it", () => {
    const never = { ...failing, last_sync: 0, last_try: 0, next_sync: 900, fail_count: 0 };
    delete never.error;
    delete never.duration;
    expect(healthFromStatus({ disable: false, remove_job: null }, never)).toMatchObject({
      last_sync: null,
      last_try: null,
      duration: null,
      error: null,
      health: "pending",
    });
    expect(healthFromStatus({ disable: false, remove_job: "full" }, never).health).toBe("removal_scheduled");
  });

  it("unknown keeps the last known values", () => {
    const last = healthFromStatus({ disable: false, remove_job: null }, failing);
    expect(unknownHealth(last)).toEqual({ ...last, health: "unknown" });
  });
});
