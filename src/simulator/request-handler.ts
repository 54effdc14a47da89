import type { IncomingMessage, ServerResponse } from "node:http";
import { authenticate } from "./auth";
import type { FaultRegistry } from "./faults";
import {
  errorToOutgoing,
  faultToOutgoing,
  type Outgoing,
  readParams,
  replyToOutgoing,
  send,
} from "./http-io";
import type { RequestLog } from "./request-log";
import { dispatch, findRoute, isPublic } from "./router";
import type { SimulatorState } from "./state";

export interface HandlerContext {
  cluster: string;
  state: SimulatorState;
  faults: FaultRegistry;
  log: RequestLog;
  authDelayMs: number;
  fingerprint(): string;
  admin(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One cluster's request pipeline, in pveproxy's order: faults (the "network"), then authentication (401
 * delayed, no body), then proxy checks and the handler.
 */
export function createRequestHandler(ctx: HandlerContext) {
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "https://simulator");
    if (url.pathname === "/__sim/" || url.pathname === "/__sim") return ctx.admin(req, res);
    const method = (req.method ?? "GET").toUpperCase();
    const path = url.pathname.startsWith("/api2/json/") ? url.pathname.slice("/api2/json".length) : null;
    const entry = ctx.log.start(ctx.cluster, method, path ?? url.pathname, url.search.slice(1));
    const finish = (out: Outgoing, damage?: { truncate?: boolean; malformed?: boolean }) => {
      entry.status = out.status;
      send(res, out, damage);
    };
    if (path === null) return finish({ ...errorToOutgoing(new Error("no such uri")), status: 501 });

    const fault = ctx.faults.take(ctx.cluster, method, path);
    if (fault?.delayMs) await sleep(fault.delayMs);
    if (fault?.reset) {
      req.socket.destroy();
      return;
    }
    if (fault?.status !== undefined) return finish(faultToOutgoing({ ...fault, status: fault.status }));

    const runtime = ctx.state.cluster(ctx.cluster);
    const match = findRoute(method, path);
    try {
      const params =
        method === "GET" || method === "DELETE"
          ? Object.fromEntries(url.searchParams)
          : await readParams(req);
      let principal: ReturnType<typeof authenticate> | undefined;
      if (!isPublic(match)) {
        principal = authenticate(runtime, method, req.headers, ctx.state.now());
        if (!principal.ok) {
          if (ctx.authDelayMs > 0) await sleep(ctx.authDelayMs);
          return finish({ status: 401, reason: principal.reason, body: "" });
        }
      }
      const reply = dispatch(match, {
        state: ctx.state,
        cluster: runtime,
        method,
        path,
        params,
        principal: principal?.ok ? principal.principal : undefined,
        fingerprint: ctx.fingerprint(),
      });
      const out = replyToOutgoing(reply);
      // Failed logins are delayed like every other 401.
      if (out.status === 401 && ctx.authDelayMs > 0) await sleep(ctx.authDelayMs);
      finish(out, fault);
    } catch (err) {
      const out = errorToOutgoing(err);
      if (out.status === 401 && ctx.authDelayMs > 0) await sleep(ctx.authDelayMs);
      finish(out, fault);
    }
  }

  return (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, errorToOutgoing(err));
      else res.destroy();
    });
  };
}
