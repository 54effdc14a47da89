import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { NextRequest } from "next/server";
import { proxy } from "@/proxy";
import { recordPeer } from "@/server/http/forwarded";

// A real HTTP server for clients on the other side of a socket (pynetbox), serving our real code the way
// `npm start` does, without the Next build the vitest stage runs before: the custom server's peer
// recording (recordPeer, as src/server/web-server.ts), src/proxy.ts, then the route handler for the path
// (the src/app/api/**/route.ts tree: static segments before [param] before [...catchAll]). Like Next
// under the custom server, request.url carries the bind address (HOST=0.0.0.0), never the Host header:
// links built from request.url would come out as http://0.0.0.0:<port>/….

type Handler = (
  request: Request,
  ctx: { params: Promise<Record<string, string | string[]>> },
) => Promise<Response>;

interface Route {
  pattern: RegExp;
  params: { name: string; catchAll: boolean }[];
  rank: number[];
  module: Record<string, unknown>;
}

const APP_DIR = path.resolve(import.meta.dirname, "../../src/app");

async function loadRoutes(): Promise<Route[]> {
  const files = (fs.readdirSync(path.join(APP_DIR, "api"), { recursive: true }) as string[])
    .filter((f) => f === "route.ts" || f.endsWith(`${path.sep}route.ts`))
    .map((f) => path.join("api", f));
  const routes: Route[] = [];
  for (const file of files) {
    const segments = path.dirname(file).split(path.sep);
    const params: Route["params"] = [];
    const rank: number[] = [];
    const source = segments
      .map((segment) => {
        const catchAll = segment.match(/^\[\.\.\.(\w+)\]$/);
        const dynamic = segment.match(/^\[(\w+)\]$/);
        if (catchAll) {
          params.push({ name: catchAll[1], catchAll: true });
          rank.push(2);
          return "/(.+)";
        }
        if (dynamic) {
          params.push({ name: dynamic[1], catchAll: false });
          rank.push(1);
          return "/([^/]+)";
        }
        rank.push(0);
        return `/${segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`;
      })
      .join("");
    routes.push({
      pattern: new RegExp(`^${source}$`),
      params,
      rank,
      module: (await import(path.join(APP_DIR, file))) as Record<string, unknown>,
    });
  }
  // Next's precedence: at the first differing segment, static beats dynamic beats catch-all.
  const compare = (a: number[], b: number[]) => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
    return b.length - a.length;
  };
  return routes.sort((a, b) => compare(a.rank, b.rank));
}

function match(routes: Route[], pathname: string) {
  const trimmed = pathname.replace(/\/+$/, "") || "/";
  for (const route of routes) {
    const m = route.pattern.exec(trimmed);
    if (!m) continue;
    const params: Record<string, string | string[]> = {};
    route.params.forEach((p, i) => {
      const raw = decodeURIComponent(m[i + 1]);
      params[p.name] = p.catchAll ? raw.split("/") : raw;
    });
    return { route, params };
  }
  return null;
}

async function dispatch(routes: Route[], request: Request): Promise<Response> {
  const pathname = new URL(request.url).pathname;
  const found = match(routes, pathname);
  if (!found) return new Response("<!doctype html><title>404</title>", { status: 404 });
  const { route, params } = found;
  const method = request.method.toUpperCase();
  let handler = route.module[method] as Handler | undefined;
  if (!handler && method === "HEAD") handler = route.module.GET as Handler | undefined;
  if (!handler && method === "OPTIONS") {
    // Next answers an OPTIONS its route does not export by itself: 204, no body.
    const allow = ["GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"].filter(
      (m) => m in route.module,
    );
    return new Response(null, { status: 204, headers: { Allow: allow.join(", ") } });
  }
  if (!handler) return new Response(null, { status: 405 });
  const response = await handler(request, { params: Promise.resolve(params) });
  return method === "HEAD" ? new Response(null, response) : response;
}

/** What Next does with the proxy's answer: go on (with its request-header overrides) or send it. */
async function throughProxy(routes: Route[], request: Request): Promise<Response> {
  const decision = proxy(new NextRequest(request.url, { method: request.method, headers: request.headers }));
  if (!decision.headers.get("x-middleware-next")) {
    const location = decision.headers.get("location");
    // Next's adapter makes a redirect to request.url's own origin relative; others stay as they are.
    if (location && new URL(location).host === new URL(request.url).host) {
      const u = new URL(location);
      decision.headers.set("location", `${u.pathname}${u.search}`);
    }
    return decision;
  }
  let headers = request.headers;
  const overridden = decision.headers.get("x-middleware-override-headers");
  if (overridden !== null) {
    headers = new Headers();
    for (const name of overridden.split(",").filter(Boolean)) {
      const value = decision.headers.get(`x-middleware-request-${name}`);
      if (value !== null) headers.set(name, value);
    }
  }
  const body = ["GET", "HEAD"].includes(request.method) ? undefined : await request.arrayBuffer();
  const response = await dispatch(
    routes,
    new Request(request.url, { method: request.method, headers, body }),
  );
  const merged = new Response(response.body, response);
  decision.headers.forEach((value, name) => {
    if (!name.startsWith("x-middleware-")) merged.headers.set(name, value);
  });
  return merged;
}

export interface TestServer {
  port: number;
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const routes = await loadRoutes();
  const server = http.createServer(async (req, res) => {
    try {
      recordPeer(req);
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (Array.isArray(value)) for (const v of value) headers.append(name, v);
        else if (value !== undefined) headers.set(name, value);
      }
      const method = req.method ?? "GET";
      const request = new Request(`http://0.0.0.0:${(server.address() as AddressInfo).port}${req.url}`, {
        method,
        headers,
        body: ["GET", "HEAD"].includes(method) || chunks.length === 0 ? undefined : Buffer.concat(chunks),
      });
      const response = await throughProxy(routes, request);
      const out: Record<string, string | string[]> = {};
      response.headers.forEach((value, name) => {
        out[name] = value;
      });
      const cookies = response.headers.getSetCookie();
      if (cookies.length > 0) out["set-cookie"] = cookies;
      res.writeHead(response.status, out);
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (err) {
      // The app's own errors are answered by its handlers; this is the harness failing.
      res.writeHead(599, { "content-type": "text/plain" });
      res.end(`test server: ${(err as Error).stack}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
