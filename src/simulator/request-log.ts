export interface RequestLogEntry {
  cluster: string;
  method: string;
  /** API path below /api2/json (or the raw path for non-API URLs), without query. */
  path: string;
  query: string;
  /** Final HTTP status; 0 when the connection was reset by a fault or is still being answered. */
  status: number;
  /** Epoch milliseconds (wall clock, not the simulator clock). */
  time: number;
}

export interface RequestFilter {
  cluster?: string;
  method?: string;
  /** Exact path, "prefix*", or RegExp. */
  path?: string | RegExp;
  status?: number;
}

/** Every API request that reached the HTTP handler (a refused TLS handshake never gets here). */
export class RequestLog {
  entries: RequestLogEntry[] = [];

  start(cluster: string, method: string, path: string, query: string): RequestLogEntry {
    const entry: RequestLogEntry = { cluster, method, path, query, status: 0, time: Date.now() };
    this.entries.push(entry);
    return entry;
  }

  count(filter: RequestFilter = {}): number {
    return this.entries.filter((e) => matches(e, filter)).length;
  }

  reset(): void {
    this.entries = [];
  }
}

function matches(e: RequestLogEntry, f: RequestFilter): boolean {
  if (f.cluster !== undefined && e.cluster !== f.cluster) return false;
  if (f.method !== undefined && e.method !== f.method.toUpperCase()) return false;
  if (f.status !== undefined && e.status !== f.status) return false;
  if (f.path instanceof RegExp) return f.path.test(e.path);
  if (typeof f.path === "string") {
    return f.path.endsWith("*") ? e.path.startsWith(f.path.slice(0, -1)) : e.path === f.path;
  }
  return true;
}
