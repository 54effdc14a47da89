import { describe, expect, it } from "vitest";
import { generateScenario, SCHEDULES } from "@/simulator/generator";
import { jobGuest, parseScenario } from "@/simulator/scenario";
import { loadDemoScenario } from "@/simulator/scenario-file";

describe("generateScenario", () => {
  const options = { clusters: 3, nodesPerCluster: 4, jobsPerCluster: 600, seed: 42 };

  it("is deterministic for a seed and differs across seeds", () => {
    const a = JSON.stringify(generateScenario(options));
    expect(JSON.stringify(generateScenario(options))).toBe(a);
    expect(JSON.stringify(generateScenario({ ...options, seed: 43 }))).not.toBe(a);
  });

  it("produces valid, realistic clusters", () => {
    const scenario = parseScenario(generateScenario(options));
    expect(scenario.clusters).toHaveLength(3);
    for (const c of scenario.clusters) {
      expect(c.jobs).toHaveLength(600);
      const guests = new Map(c.guests.map((g) => [g.vmid, g]));
      const pairs = new Set<string>();
      for (const job of c.jobs) {
        const guest = guests.get(jobGuest(job.id));
        if (guest) expect(job.target).not.toBe(guest.node);
        const pair = `${jobGuest(job.id)}/${job.target}`;
        expect(pairs.has(pair)).toBe(false);
        pairs.add(pair);
        expect(job.id).toMatch(/^[1-9][0-9]{2,8}-\d{1,9}$/);
      }
      expect(c.jobs.some((j) => !guests.has(jobGuest(j.id)))).toBe(true); // unknown VM
      expect(c.tokens[0].secret).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    const all = scenario.clusters.flatMap((c) => c.jobs);
    const guests = scenario.clusters.flatMap((c) => c.guests);
    expect(all.some((j) => j.schedule === undefined)).toBe(true);
    expect(new Set(all.map((j) => j.schedule).filter(Boolean)).size).toBeGreaterThan(SCHEDULES.length / 2);
    expect(all.some((j) => j.rate !== undefined && !Number.isInteger(j.rate))).toBe(true);
    expect(all.some((j) => j.comment && /[^ -~]/.test(j.comment))).toBe(true);
    expect(all.some((j) => j.disable)).toBe(true);
    expect(all.some((j) => j.remove_job === "local")).toBe(true);
    expect(all.some((j) => j.remove_job === "full")).toBe(true);
    // Every run state: never, ok, syncing, error 1–3, retrying 4+.
    expect(all.some((j) => !j.state)).toBe(true);
    expect(all.some((j) => j.state && j.state.fail_count === 0 && j.state.pid === undefined)).toBe(true);
    expect(all.some((j) => j.state?.pid !== undefined)).toBe(true);
    expect(
      all.some((j) => (j.state?.fail_count ?? 0) >= 1 && (j.state?.fail_count ?? 0) <= 3 && j.state?.error),
    ).toBe(true);
    expect(all.some((j) => (j.state?.fail_count ?? 0) >= 4)).toBe(true);
    expect(guests.some((g) => g.type === "lxc") && guests.some((g) => g.type === "qemu")).toBe(true);
    expect(guests.some((g) => g.template)).toBe(true);
    // Cluster 2 (index 1) has an offline node with some nameless guests on it.
    const offline = scenario.clusters[1].nodes.find((n) => !n.online);
    expect(offline).toBeDefined();
    expect(scenario.clusters[1].guests.some((g) => g.node === offline?.name && g.name === undefined)).toBe(
      true,
    );
  });

  it("makes every tenth guest and every guest without a job HA-managed (templates excepted)", () => {
    // Sparse enough (5 guests per job slot) that some guests surely get no job.
    const scenario = parseScenario(generateScenario({ ...options, guestsPerCluster: 400 }));
    for (const c of scenario.clusters) {
      const guests = new Map(c.guests.map((g) => [g.vmid, g]));
      const withJob = new Set(c.jobs.map((j) => jobGuest(j.id)));
      const expected = c.guests
        .filter((g) => !g.template && (g.vmid % 10 === 3 || !withJob.has(g.vmid)))
        .map((g) => g.vmid);
      expect(c.ha.map((r) => Number(r.sid.split(":")[1]))).toEqual(expected);
      for (const r of c.ha) {
        const guest = guests.get(Number(r.sid.split(":")[1]));
        expect(r.sid.startsWith(guest?.type === "lxc" ? "ct:" : "vm:")).toBe(true);
      }
      expect(c.ha.some((r) => !withJob.has(Number(r.sid.split(":")[1])))).toBe(true);
      expect(c.ha.some((r) => withJob.has(Number(r.sid.split(":")[1])))).toBe(true);
    }
    const states = new Set(scenario.clusters.flatMap((c) => c.ha.map((r) => r.state ?? "(absent)")));
    expect([...states].sort()).toEqual(["(absent)", "disabled", "ignored", "started", "stopped"]);
  });

  it("refuses job counts that the guest/target pairs cannot hold", () => {
    expect(() =>
      generateScenario({ clusters: 1, nodesPerCluster: 2, guestsPerCluster: 10, jobsPerCluster: 50 }),
    ).toThrow(/guest\/target pairs/);
  });
});

describe("demo scenario", () => {
  it("has two clusters with the promised variety", () => {
    const demo = loadDemoScenario();
    const [prod, lab] = demo.clusters;
    expect([prod.name, lab.name]).toEqual(["pve-prod", "pve-lab"]);
    expect(prod.nodes.filter((n) => !n.online)).toHaveLength(1);
    expect(lab.nodes[0].timezone).not.toBe(prod.nodes[0].timezone);
    const jobs = demo.clusters.flatMap((c) => c.jobs);
    expect(jobs.length).toBeGreaterThanOrEqual(28);
    expect(jobs.some((j) => j.state?.error?.startsWith("command 'zfs snapshot"))).toBe(true);
    expect(prod.guests.some((g) => g.template)).toBe(true);
    expect(prod.guests.some((g) => g.name === undefined && g.node === "pve3")).toBe(true);
    expect(prod.jobs.some((j) => !prod.guests.some((g) => g.vmid === jobGuest(j.id)))).toBe(true);
    expect(prod.storages.some((s) => s.type === "zfspool")).toBe(true);
    // HA-managed guests, one of them (vm:121) without any replication job.
    const haVmids = prod.ha.map((r) => Number(r.sid.split(":")[1]));
    expect(haVmids).toContain(121);
    expect(prod.jobs.some((j) => jobGuest(j.id) === 121)).toBe(false);
    expect(haVmids.filter((v) => prod.jobs.some((j) => jobGuest(j.id) === v)).length).toBeGreaterThan(0);
  });
});
