import { z } from "zod";
import type { FaultRegistry, FaultSpecJson } from "./faults";
import type { GuestInput, HaResourceInput, JobInput, JobStateInput, Privileges } from "./scenario";
import type { SimulatorState } from "./state";

// POST /__sim/ {op, args}: the state API over HTTP, so an app under test in another process (Playwright
// e2e) can change the scenario. Not part of the PVE API; requests here are not logged.

export interface AdminContext {
  state: SimulatorState;
  faults: FaultRegistry;
  countRequests(filter: {
    cluster?: string;
    method?: string;
    path?: string | RegExp;
    status?: number;
  }): number;
  resetRequests(): void;
  rotateCertificate(cluster: string): Promise<string>;
  clusters(): unknown;
}

const str = z.string();
const obj = z.record(z.string(), z.unknown());
const filterSchema = z
  .strictObject({
    cluster: str.optional(),
    method: str.optional(),
    path: str.optional(),
    pathRegex: str.optional(),
    status: z.number().int().optional(),
  })
  .default({});

type Op = { args: z.ZodType<unknown[]>; run(ctx: AdminContext, args: unknown[]): unknown };

function op<A extends unknown[]>(args: z.ZodType<A>, run: (ctx: AdminContext, args: A) => unknown): Op {
  return { args, run: (ctx, a) => run(ctx, a as A) };
}

const OPS: Record<string, Op> = {
  addJob: op(z.tuple([str, obj]), (c, [cl, job]) => c.state.addJob(cl, job as JobInput)),
  updateJob: op(z.tuple([str, str, obj]), (c, [cl, id, patch]) => c.state.updateJob(cl, id, patch)),
  removeJob: op(z.tuple([str, str]), (c, [cl, id]) => c.state.removeJob(cl, id)),
  setJobState: op(z.tuple([str, str, obj.nullable()]), (c, [cl, id, s]) =>
    c.state.setJobState(cl, id, s as JobStateInput | null),
  ),
  addGuest: op(z.tuple([str, obj]), (c, [cl, g]) => c.state.addGuest(cl, g as GuestInput)),
  removeGuest: op(z.tuple([str, z.number().int()]), (c, [cl, vmid]) => c.state.removeGuest(cl, vmid)),
  moveGuest: op(z.tuple([str, z.number().int(), str]), (c, [cl, vmid, node]) =>
    c.state.moveGuest(cl, vmid, node),
  ),
  addHaResource: op(z.tuple([str, obj]), (c, [cl, r]) => c.state.addHaResource(cl, r as HaResourceInput)),
  updateHaResource: op(z.tuple([str, str, obj]), (c, [cl, sid, patch]) =>
    c.state.updateHaResource(cl, sid, patch),
  ),
  removeHaResource: op(z.tuple([str, str]), (c, [cl, sid]) => c.state.removeHaResource(cl, sid)),
  setHaGroups: op(z.tuple([str, z.array(str).nullable()]), (c, [cl, groups]) =>
    c.state.setHaGroups(cl, groups),
  ),
  setNodeOnline: op(z.tuple([str, str, z.boolean()]), (c, [cl, node, on]) =>
    c.state.setNodeOnline(cl, node, on),
  ),
  setPrivileges: op(z.tuple([str, str, obj]), (c, [cl, who, privs]) =>
    c.state.setPrivileges(cl, who, privs as Privileges),
  ),
  setNow: op(z.tuple([z.number().int().nullable()]), (c, [t]) => c.state.setNow(t)),
  advance: op(z.tuple([z.number().int()]), (c, [s]) => c.state.advance(s)),
  now: op(z.tuple([]), (c) => c.state.now()),
  addFault: op(z.tuple([obj]), (c, [spec]) => c.faults.addJson(spec as FaultSpecJson)),
  removeFault: op(z.tuple([z.number().int()]), (c, [id]) => c.faults.remove(id)),
  clearFaults: op(z.tuple([]), (c) => c.faults.clear()),
  countRequests: op(z.tuple([filterSchema]), (c, [f]) => {
    const { pathRegex, ...rest } = f;
    return c.countRequests(pathRegex === undefined ? rest : { ...rest, path: new RegExp(pathRegex) });
  }),
  resetRequests: op(z.tuple([]), (c) => c.resetRequests()),
  rotateCertificate: op(z.tuple([str]), (c, [cl]) => c.rotateCertificate(cl)),
  clusters: op(z.tuple([]), (c) => c.clusters()),
};

export const ADMIN_OPS = Object.keys(OPS);

const requestSchema = z.strictObject({ op: z.string(), args: z.array(z.unknown()).default([]) });

/** Runs one admin call; returns the HTTP status and JSON body. */
export async function runAdmin(ctx: AdminContext, body: unknown): Promise<{ status: number; body: unknown }> {
  const parsed = requestSchema.safeParse(body);
  if (!parsed.success) return { status: 400, body: { error: "expected {op, args}" } };
  const entry = OPS[parsed.data.op];
  if (!entry) return { status: 400, body: { error: `unknown op '${parsed.data.op}'`, ops: ADMIN_OPS } };
  const args = entry.args.safeParse(parsed.data.args);
  if (!args.success)
    return { status: 400, body: { error: `bad args for ${parsed.data.op}: ${args.error.message}` } };
  try {
    const result = await entry.run(ctx, args.data);
    return { status: 200, body: { ok: true, result: result ?? null } };
  } catch (err) {
    return { status: 400, body: { error: err instanceof Error ? err.message : String(err) } };
  }
}
