// Fault injection: rules matched against each API request before authentication, the way a flaky network,
// a broken proxy or an overloaded pveproxy would hit a client.

export interface FaultSpec {
  /** Only requests to this cluster (default: all). */
  cluster?: string;
  /** Only this HTTP method (default: all). */
  method?: string;
  /** API path below /api2/json without query: exact string, "prefix*", or a RegExp. */
  path: string | RegExp;
  /** Answer with this status instead of running the handler. */
  status?: number;
  /** Status line reason (default: the Node.js reason for the status). */
  reason?: string;
  /** Body for `status`: a string is sent as is, anything else as JSON. Default: PVE error envelope. */
  body?: unknown;
  /** Wait this long before answering (or before any other effect). */
  delayMs?: number;
  /** Send the real response with its full Content-Length but only half of the bytes, then close. */
  truncate?: boolean;
  /** Send the real status with a corrupted, unparsable JSON body. */
  malformed?: boolean;
  /** Destroy the connection without any answer. */
  reset?: boolean;
  /** Apply this many times, then disappear (default: forever). */
  times?: number;
  /**
   * Apply to every Nth matching request only; the others pass through untouched (a flapping node:
   * `every: 2` fails every other call). Only applications count against `times`.
   */
  every?: number;
}

/** JSON form accepted by POST /__sim/ ("pathRegex" replaces a RegExp `path`). */
export type FaultSpecJson = Omit<FaultSpec, "path"> & { path?: string; pathRegex?: string };

interface ActiveFault extends FaultSpec {
  id: number;
  remaining: number;
  /** Matching requests seen so far, for `every`. */
  seen: number;
}

export class FaultRegistry {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  /** Adds a rule; returns its id for `remove`. Earlier rules win when several match. */
  add(spec: FaultSpec): number {
    const id = this.nextId++;
    this.faults.push({ ...spec, id, remaining: spec.times ?? Number.POSITIVE_INFINITY, seen: 0 });
    return id;
  }

  addJson(spec: FaultSpecJson): number {
    const { pathRegex, path, ...rest } = spec;
    if (pathRegex !== undefined) return this.add({ ...rest, path: new RegExp(pathRegex) });
    if (path === undefined) throw new Error("a fault needs path or pathRegex");
    return this.add({ ...rest, path });
  }

  remove(id: number): void {
    this.faults = this.faults.filter((f) => f.id !== id);
  }

  clear(): void {
    this.faults = [];
  }

  get size(): number {
    return this.faults.length;
  }

  /** Finds and consumes one application of the first matching rule. */
  take(cluster: string, method: string, path: string): FaultSpec | undefined {
    const fault = this.faults.find((f) => {
      if (!matches(f, cluster, method, path)) return false;
      f.seen += 1;
      return f.every === undefined || f.seen % f.every === 0;
    });
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.remove(fault.id);
    return fault;
  }
}

function matches(f: FaultSpec, cluster: string, method: string, path: string): boolean {
  if (f.cluster !== undefined && f.cluster !== cluster) return false;
  if (f.method !== undefined && f.method.toUpperCase() !== method) return false;
  if (f.path instanceof RegExp) return f.path.test(path);
  if (f.path.endsWith("*")) return path.startsWith(f.path.slice(0, -1));
  return f.path === path;
}
