import { type ApiReply, type ApiRequest, checkParams, NODE_PARAM, PveError, requirePrivilege } from "./api";
import { login } from "./auth";
import { capabilities, hasPrivilege, permissionsView } from "./permissions";
import type { ClusterRuntime } from "./state";
import { zoneOffsetSeconds } from "./time-zone";

// Cluster-wide endpoints (spec §1.11, §2): /version, /cluster/status, /nodes, /nodes/{node}/time,
// /cluster/resources, /access/permissions and /access/ticket.

/** Stable pseudo statistics so repeated calls return the same numbers. */
function stat(seed: string, max: number): number {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  return (h >>> 0) % max;
}

/** The node that answers (pveproxy's local node): the first one that is online. */
export function localNode(c: ClusterRuntime): string {
  return (c.nodes.find((n) => n.online) ?? c.nodes[0]).name;
}

export function version(req: ApiRequest): ApiReply {
  checkParams(req.params, {});
  const { version, release, repoid } = req.cluster.version;
  return { data: { version, release, repoid } };
}

export function clusterStatus(req: ApiRequest): ApiReply {
  checkParams(req.params, {});
  requirePrivilege(req, "/", "Sys.Audit");
  const c = req.cluster;
  const local = localNode(c);
  const nodes = c.nodes.map((n) => ({
    type: "node",
    id: `node/${n.name}`,
    name: n.name,
    nodeid: c.standalone ? 0 : n.nodeid,
    ip: n.ip,
    local: n.name === local ? 1 : 0,
    online: n.online ? 1 : 0,
    level: n.level,
  }));
  if (c.standalone) return { data: nodes };
  const online = c.nodes.filter((n) => n.online).length;
  const cluster = {
    type: "cluster",
    id: "cluster",
    name: c.name,
    nodes: c.nodes.length,
    version: c.nodes.length + 2,
    quorate: online * 2 > c.nodes.length ? 1 : 0,
  };
  return { data: [cluster, ...nodes] };
}

function nodeStats(name: string) {
  return {
    uptime: 86_400 + stat(`${name}up`, 3_000_000),
    cpu: stat(`${name}cpu`, 1000) / 4000,
    maxcpu: 16,
    mem: 8 * 2 ** 30 + stat(`${name}mem`, 2 ** 34),
    maxmem: 64 * 2 ** 30,
    disk: 10 * 2 ** 30 + stat(`${name}disk`, 2 ** 34),
    maxdisk: 100 * 2 ** 30,
  };
}

export function nodes(req: ApiRequest): ApiReply {
  checkParams(req.params, {});
  const data = req.cluster.nodes.map((n) => {
    const item: Record<string, unknown> = {
      node: n.name,
      status: n.online ? "online" : "offline",
      id: `node/${n.name}`,
      type: "node",
      // One HTTPS server answers for every node of a simulated cluster, so they share its certificate.
      ssl_fingerprint: req.fingerprint,
      level: n.level,
    };
    // RRD-based statistics exist only for nodes that are up, and only with Sys.Audit.
    if (n.online && req.principal && hasPrivilege(req.principal, `/nodes/${n.name}`, "Sys.Audit")) {
      Object.assign(item, nodeStats(n.name));
    }
    return item;
  });
  return { data };
}

export function nodeTime(req: ApiRequest, node: string): ApiReply {
  checkParams(req.params, { node: NODE_PARAM });
  const n = req.state.node(req.cluster, node);
  const time = req.state.now();
  return { data: { timezone: n.timezone, time, localtime: time + zoneOffsetSeconds(n.timezone, time) } };
}

export function clusterResources(req: ApiRequest): ApiReply {
  checkParams(req.params, {
    type: { type: "string", optional: true, enum: ["vm", "storage", "node", "sdn"] },
  });
  const type = req.params.type;
  const c = req.cluster;
  const principal = req.principal;
  const can = (path: string, priv: string) => principal !== undefined && hasPrivilege(principal, path, priv);
  const online = new Map(c.nodes.map((n) => [n.name, n.online]));
  const out: Record<string, unknown>[] = [];
  if (!type || type === "vm") {
    for (const g of [...c.guests.values()].sort((a, b) => a.vmid - b.vmid)) {
      if (!can(`/vms/${g.vmid}`, "VM.Audit")) continue;
      const item: Record<string, unknown> = {
        id: `${g.type}/${g.vmid}`,
        vmid: g.vmid,
        node: g.node,
        type: g.type,
      };
      item.status = "unknown";
      if (online.get(g.node)) {
        // extract_vm_stats: name/status/template and counters only when the node has RRD data.
        if (g.name !== undefined) item.name = g.name;
        item.status = g.status;
        item.template = g.template ? 1 : 0;
        const running = g.status === "running";
        Object.assign(item, {
          uptime: running ? 3600 + stat(`${g.vmid}up`, 2_000_000) : 0,
          maxcpu: 1 + stat(`${g.vmid}cpu`, 8),
          cpu: running ? stat(`${g.vmid}load`, 1000) / 1000 : 0,
          maxmem: 2 ** 30 * (1 + stat(`${g.vmid}mem`, 16)),
          mem: running ? 2 ** 29 + stat(`${g.vmid}used`, 2 ** 29) : 0,
          maxdisk: 2 ** 33 * (1 + stat(`${g.vmid}disk`, 8)),
          disk: 0,
          netin: running ? stat(`${g.vmid}in`, 2 ** 30) : 0,
          netout: running ? stat(`${g.vmid}out`, 2 ** 30) : 0,
          diskread: running ? stat(`${g.vmid}rd`, 2 ** 31) : 0,
          diskwrite: running ? stat(`${g.vmid}wr`, 2 ** 31) : 0,
        });
      }
      if (g.tags !== undefined) item.tags = g.tags;
      out.push(item);
    }
  }
  if (!type || type === "node") {
    for (const n of c.nodes) {
      const item: Record<string, unknown> = {
        id: `node/${n.name}`,
        type: "node",
        node: n.name,
        status: n.online ? "online" : "offline",
        level: n.level,
      };
      if (n.online && can(`/nodes/${n.name}`, "Sys.Audit")) Object.assign(item, nodeStats(n.name));
      out.push(item);
    }
  }
  if (!type || type === "storage") {
    for (const s of c.storages) {
      if (!can(`/storage/${s.storage}`, "Datastore.Audit")) continue;
      const up = online.get(s.node) === true && s.status === "available";
      const item: Record<string, unknown> = {
        id: `storage/${s.node}/${s.storage}`,
        type: "storage",
        storage: s.storage,
        node: s.node,
        plugintype: s.type,
        shared: s.shared ? 1 : 0,
        content: s.content,
        status: up ? "available" : "unknown",
      };
      if (up) Object.assign(item, { disk: stat(`${s.storage}${s.node}`, 2 ** 40), maxdisk: 2 ** 41 });
      out.push(item);
    }
  }
  return { data: out };
}

export function accessPermissions(req: ApiRequest): ApiReply {
  checkParams(req.params, {
    path: { type: "string", optional: true },
    userid: { type: "string", optional: true },
  });
  if (!req.principal) throw new PveError(401, "No ticket");
  return { data: permissionsView(req.principal, req.params.path) };
}

export function accessTicket(req: ApiRequest): ApiReply {
  const { params, cluster: c } = req;
  const result = login(c, params, req.state.now());
  if (!result) {
    // Unlike the auth handler's bare 401, a failed login goes through the handler and has a JSON body.
    const body = JSON.stringify({ data: null, message: "authentication failure\n" });
    return { status: 401, reason: "authentication failure", body };
  }
  const user = c.users.find((u) => u.username === result.username);
  const principal = user && { kind: "user" as const, id: user.username, privileges: user.privileges };
  const data: Record<string, unknown> = {
    username: result.username,
    ticket: result.ticket,
    CSRFPreventionToken: result.csrf,
    cap: principal ? capabilities(principal) : {},
  };
  if (!c.standalone && principal && hasPrivilege(principal, "/", "Sys.Audit")) data.clustername = c.name;
  return { data };
}
