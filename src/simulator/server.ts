import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { type AdminContext, runAdmin } from "./admin";
import { generateCertificate } from "./certs";
import { FaultRegistry } from "./faults";
import { send } from "./http-io";
import { createRequestHandler } from "./request-handler";
import { type RequestFilter, RequestLog, type RequestLogEntry } from "./request-log";
import { parseScenario } from "./scenario";
import { SimulatorState } from "./state";

export interface StartSimulatorOptions {
  /** Scenario JSON (validated here) or an already parsed scenario. */
  scenario: unknown;
  /** Port of the first cluster; cluster i listens on port + i. Default: free ports. */
  port?: number;
  host?: string;
  /** pve-http-server delays every 401 by 3 s; tests want 0. Default 3000. */
  authDelayMs?: number;
  /** Freeze the simulator clock at this epoch second (default: real time). */
  now?: number;
}

export interface SimulatorCluster {
  name: string;
  url: string;
  port: number;
  fingerprint: string;
  /** The self-signed server certificate, usable as the client's custom CA. */
  caPem: string;
  /** First token of the cluster, if any. */
  token?: { tokenId: string; secret: string };
  /** First user of the cluster, if any. */
  user?: { username: string; password: string };
}

export interface Simulator {
  clusters: SimulatorCluster[];
  cluster(name: string): SimulatorCluster;
  state: SimulatorState;
  faults: FaultRegistry;
  readonly requests: readonly RequestLogEntry[];
  countRequests(filter?: RequestFilter): number;
  resetRequests(): void;
  /** Serves a new self-signed certificate (pinned fingerprints stop matching); returns its fingerprint. */
  rotateCertificate(cluster: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts one HTTPS server per cluster of the scenario, each on its own port with its own certificate. */
export async function startSimulator(opts: StartSimulatorOptions): Promise<Simulator> {
  const scenario = parseScenario(opts.scenario);
  const state = new SimulatorState(scenario, { now: opts.now });
  const faults = new FaultRegistry();
  const log = new RequestLog();
  const host = opts.host ?? "127.0.0.1";
  const servers = new Map<string, { info: SimulatorCluster; server: Server }>();

  /** `defer` lets the admin API answer on a connection before that connection is dropped. */
  async function rotate(name: string, defer?: (drop: () => void) => void): Promise<string> {
    const entry = servers.get(name);
    if (!entry) throw new Error(`unknown cluster '${name}'`);
    const cert = await generateCertificate();
    entry.info.fingerprint = cert.fingerprint;
    entry.info.caPem = cert.cert;
    entry.server.setSecureContext({ key: cert.key, cert: cert.cert });
    // Kept-alive connections would go on using the old certificate.
    const drop = () => entry.server.closeAllConnections();
    if (defer) defer(drop);
    else drop();
    return cert.fingerprint;
  }

  async function admin(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let afterReply: (() => void) | undefined;
    const ctx: AdminContext = {
      state,
      faults,
      countRequests: (f) => log.count(f),
      resetRequests: () => log.reset(),
      rotateCertificate: (name) =>
        rotate(name, (drop) => {
          afterReply = drop;
        }),
      clusters: () => simulator.clusters,
    };
    const result = await runAdmin(ctx, await readJson(req));
    res.on("finish", () => afterReply?.());
    send(res, { status: result.status, body: JSON.stringify(result.body) });
  }

  const certs = await Promise.all(scenario.clusters.map(() => generateCertificate()));
  for (const [i, c] of scenario.clusters.entries()) {
    const info: SimulatorCluster = {
      name: c.name,
      url: "",
      port: 0,
      fingerprint: certs[i].fingerprint,
      caPem: certs[i].cert,
      token: c.tokens[0] && { tokenId: c.tokens[0].tokenId, secret: c.tokens[0].secret },
      user: c.users[0] && { username: c.users[0].username, password: c.users[0].password },
    };
    const handler = createRequestHandler({
      cluster: c.name,
      state,
      faults,
      log,
      authDelayMs: opts.authDelayMs ?? 3000,
      fingerprint: () => info.fingerprint,
      admin,
    });
    const server = createServer({ key: certs[i].key, cert: certs[i].cert }, handler);
    server.keepAliveTimeout = 5000;
    servers.set(c.name, { info, server });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(opts.port ? opts.port + i : 0, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    info.port = (server.address() as AddressInfo).port;
    info.url = `https://${host.includes(":") ? `[${host}]` : host}:${info.port}`;
  }

  const simulator: Simulator = {
    clusters: [...servers.values()].map((s) => s.info),
    cluster(name) {
      const entry = servers.get(name);
      if (!entry) throw new Error(`unknown cluster '${name}'`);
      return entry.info;
    },
    state,
    faults,
    get requests() {
      return log.entries;
    },
    countRequests: (filter) => log.count(filter ?? {}),
    resetRequests: () => log.reset(),
    rotateCertificate: (name) => rotate(name),
    async close() {
      await Promise.all(
        [...servers.values()].map(
          ({ server }) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      );
    },
  };
  return simulator;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
  } catch {
    return undefined;
  }
}
