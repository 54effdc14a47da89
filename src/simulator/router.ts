import { type ApiReply, type ApiRequest, PveError } from "./api";
import {
  accessPermissions,
  accessTicket,
  clusterResources,
  clusterStatus,
  localNode,
  nodes,
  nodeTime,
  version,
} from "./routes-cluster";
import { clusterHaResources } from "./routes-ha";
import {
  clusterReplication,
  clusterReplicationJob,
  nodeReplication,
  nodeReplicationIndex,
  nodeReplicationLog,
  nodeReplicationStatus,
  scheduleNow,
} from "./routes-replication";

interface Route {
  method: string;
  pattern: RegExp;
  /** Path parameter names, in capture-group order; also merged into the parameters PVE validates. */
  names: string[];
  /** pveproxy forwards these to the node in the path (`proxyto => 'node'`). */
  proxied?: boolean;
  /** The only unauthenticated call: the login itself. */
  public?: boolean;
  handle(req: ApiRequest, ...args: string[]): ApiReply;
}

const ROUTES: Route[] = [
  { method: "GET", pattern: /^\/version$/, names: [], handle: version },
  { method: "GET", pattern: /^\/cluster\/status$/, names: [], handle: clusterStatus },
  { method: "GET", pattern: /^\/cluster\/resources$/, names: [], handle: clusterResources },
  { method: "GET", pattern: /^\/cluster\/ha\/resources$/, names: [], handle: clusterHaResources },
  { method: "GET", pattern: /^\/cluster\/replication$/, names: [], handle: clusterReplication },
  {
    method: "GET",
    pattern: /^\/cluster\/replication\/([^/]+)$/,
    names: ["id"],
    handle: clusterReplicationJob,
  },
  { method: "GET", pattern: /^\/nodes$/, names: [], handle: nodes },
  { method: "GET", pattern: /^\/nodes\/([^/]+)\/time$/, names: ["node"], proxied: true, handle: nodeTime },
  {
    method: "GET",
    pattern: /^\/nodes\/([^/]+)\/replication$/,
    names: ["node"],
    proxied: true,
    handle: nodeReplication,
  },
  {
    method: "GET",
    pattern: /^\/nodes\/([^/]+)\/replication\/([^/]+)$/,
    names: ["node", "id"],
    proxied: true,
    handle: nodeReplicationIndex,
  },
  {
    method: "GET",
    pattern: /^\/nodes\/([^/]+)\/replication\/([^/]+)\/status$/,
    names: ["node", "id"],
    proxied: true,
    handle: nodeReplicationStatus,
  },
  {
    method: "GET",
    pattern: /^\/nodes\/([^/]+)\/replication\/([^/]+)\/log$/,
    names: ["node", "id"],
    proxied: true,
    handle: nodeReplicationLog,
  },
  {
    method: "POST",
    pattern: /^\/nodes\/([^/]+)\/replication\/([^/]+)\/schedule_now$/,
    names: ["node", "id"],
    proxied: true,
    handle: scheduleNow,
  },
  { method: "GET", pattern: /^\/access\/permissions$/, names: [], handle: accessPermissions },
  { method: "GET", pattern: /^\/access\/ticket$/, names: [], public: true, handle: () => ({ data: null }) },
  { method: "POST", pattern: /^\/access\/ticket$/, names: [], public: true, handle: accessTicket },
];

export interface RouteMatch {
  route: Route;
  args: string[];
}

export function findRoute(method: string, path: string): RouteMatch | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const m = route.pattern.exec(path);
    if (m) return { route, args: m.slice(1).map((a) => decodeURIComponent(a)) };
  }
  return undefined;
}

export function isPublic(match: RouteMatch | undefined): boolean {
  return match?.route.public === true;
}

/** Runs a matched route: proxy checks first (like pveproxy), then the handler with path params merged. */
export function dispatch(match: RouteMatch | undefined, req: ApiRequest): ApiReply {
  if (!match) throw new PveError(501, `Method '${req.method} ${req.path}' not implemented`);
  const { route, args } = match;
  const params = { ...req.params };
  route.names.forEach((name, i) => {
    params[name] = args[i];
  });
  if (route.proxied) {
    const nodeName = params.node;
    const node = req.cluster.nodes.find((n) => n.name === nodeName);
    if (!node) {
      throw new PveError(
        500,
        `hostname lookup '${nodeName}' failed - failed to get address info for: ${nodeName}: Name or service not known`,
      );
    }
    // pveproxy passes AnyEvent::HTTP's pseudo status through when the node cannot be reached.
    if (!node.online && node.name !== localNode(req.cluster)) {
      throw new PveError(595, "Connection refused");
    }
  }
  return route.handle({ ...req, params }, ...args);
}
