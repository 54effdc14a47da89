import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import * as catchAll from "@/app/api/[...path]/route";
import * as docs from "@/app/api/docs/route";
import * as endpointDetail from "@/app/api/plugins/proxbox/endpoints/[id]/route";
import * as endpoints from "@/app/api/plugins/proxbox/endpoints/route";
import * as nodes from "@/app/api/plugins/proxbox/nodes/route";
import * as replicationDetail from "@/app/api/plugins/proxbox/replications/[id]/route";
import * as replications from "@/app/api/plugins/proxbox/replications/route";
import * as pluginRoot from "@/app/api/plugins/proxbox/route";
import * as plugins from "@/app/api/plugins/route";
import * as root from "@/app/api/route";
import * as schema from "@/app/api/schema/route";
import * as status from "@/app/api/status/route";
import { parseEnv } from "@/server/env";
import { REMOTE_ADDRESS_HEADER } from "@/server/http/forwarded";
import { MAX_BODY_BYTES } from "@/server/rest/body";
import { publicOrigin } from "@/server/rest/urls";
import { startSyncWorker, stopBoss } from "@/server/sync/queue";
import { freshDatabasePerFile } from "./db";
import { type SeededUser, seedEndpoint, seedReplication, seedUser } from "./factories";
import { call, makeRequest } from "./http";

// NetBox's API surface around the resources: the roots, /api/status/, OPTIONS metadata, the schema in
// its formats, JSON 404s, the body cap, and where absolute URLs come from (urls.ts).

freshDatabasePerFile();

let viewer: SeededUser;
let operator: SeededUser;
let replicationId: number;
let endpointId: number;

beforeAll(async () => {
  viewer = await seedUser("viewer");
  operator = await seedUser("operator");
  const endpoint = await seedEndpoint();
  endpointId = endpoint.id;
  replicationId = (await seedReplication(endpoint.id)).id;
});

const saved = { ...process.env };
afterEach(() => {
  for (const key of ["PROXBOX_TRUSTED_PROXIES", "PROXBOX_PUBLIC_URL"]) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

const withHost = (host: string, extra: Record<string, string> = {}) => ({ host, ...extra });

describe("API roots", () => {
  it("GET /api/ lists plugins, schema and status without credentials (pynetbox's nb.version), and refuses bad ones", async () => {
    const res = await call(root.GET, "http://localhost/api/", { headers: withHost("proxbox.test:8080") });
    expect(res.status).toBe(200);
    expect(res.headers.get("api-version")).toBe("4.6");
    expect(res.body).toEqual({
      plugins: "http://proxbox.test:8080/api/plugins/",
      schema: "http://proxbox.test:8080/api/schema/",
      status: "http://proxbox.test:8080/api/status/",
    });
    const bad = await call(root.GET, "http://localhost/api/", { authorization: "Token nope" });
    expect(bad.status).toBe(403);
    expect(bad.body).toEqual({ detail: "Invalid v1 token" });
  });

  it("GET /api/plugins/ and /api/plugins/proxbox/ link on the client's origin and need credentials", async () => {
    const list = await call(plugins.GET, "http://localhost/api/plugins/", {
      token: viewer.readToken,
      headers: withHost("proxbox.test"),
    });
    expect(list.body).toEqual({ proxbox: "http://proxbox.test/api/plugins/proxbox/" });
    const proxbox = await call<Record<string, string>>(
      pluginRoot.GET,
      "http://localhost/api/plugins/proxbox/",
      {
        token: viewer.readToken,
        headers: withHost("proxbox.test"),
      },
    );
    expect(proxbox.body.replications).toBe("http://proxbox.test/api/plugins/proxbox/replications/");
    expect((await call(plugins.GET, "http://localhost/api/plugins/")).status).toBe(403);
  });

  it("answers unknown /api/ paths with a JSON 404 carrying API-Version", async () => {
    for (const [method, handler] of [
      ["GET", catchAll.GET],
      ["POST", catchAll.POST],
      ["DELETE", catchAll.DELETE],
      ["OPTIONS", catchAll.OPTIONS],
    ] as const) {
      const res = await call(handler, "http://localhost/api/plugins/proxbox/nope/", { method });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ detail: "Not found." });
      expect(res.headers.get("api-version")).toBe("4.6");
    }
  });
});

describe("GET /api/status/", () => {
  it("needs credentials, as NetBox's status view under LOGIN_REQUIRED", async () => {
    const res = await call(status.GET, "http://localhost/api/status/");
    expect(res.status).toBe(403);
    expect(res.headers.get("api-version")).toBe("4.6");
  });

  it("reports versions, the database and the sync workers running", async () => {
    const before = await call<Record<string, unknown>>(status.GET, "http://localhost/api/status/", {
      token: viewer.readToken,
    });
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      "netbox-version": "4.6",
      "node-version": process.versions.node,
      plugins: { proxbox: expect.stringMatching(/^\d+\.\d+\.\d+/) },
      "installed-apps": expect.objectContaining({ next: expect.any(String), "pg-boss": expect.any(String) }),
      database: { up: true, version: expect.any(String), migrations_pending: 0 },
      "workers-running": 0,
    });
    expect(before.body["proxbox-version"]).toBe((before.body.plugins as { proxbox: string }).proxbox);
    await startSyncWorker(async () => undefined, 1);
    try {
      const during = await call<Record<string, unknown>>(status.GET, "http://localhost/api/status/", {
        token: viewer.readToken,
      });
      expect(during.body["workers-running"]).toBe(1);
    } finally {
      await stopBoss();
    }
    // The worker's connections are gone once it stops.
    let after: unknown;
    for (let i = 0; i < 50; i++) {
      after = (
        await call<Record<string, unknown>>(status.GET, "http://localhost/api/status/", {
          token: viewer.readToken,
        })
      ).body["workers-running"];
      if (after === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(after).toBe(0);
  });
});

interface Metadata {
  name: string;
  description: string;
  renders: string[];
  parses: string[];
  actions?: Record<string, Record<string, Record<string, unknown>>>;
}

describe("OPTIONS (DRF metadata)", () => {
  it("describes the writable fields of a list for POST and PUT, with choices, from the write schema", async () => {
    const res = await call<Metadata>(replications.OPTIONS, "/replications/", {
      method: "OPTIONS",
      token: operator.writeToken,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("api-version")).toBe("4.6");
    expect(res.body.name).toBe("Replication List");
    expect(res.body.renders).toEqual(["application/json"]);
    expect(res.body.parses).toEqual(["application/json"]);
    const post = res.body.actions?.POST ?? {};
    expect(Object.keys(res.body.actions ?? {}).sort()).toEqual(["POST", "PUT"]);
    expect(post.status).toEqual({
      type: "choice",
      required: false,
      read_only: false,
      label: "Status",
      choices: [
        { value: "active", display_name: "Active" },
        { value: "stale", display_name: "Stale" },
      ],
    });
    expect(post.remove_job.choices).toEqual([
      { value: "local", display_name: "Local" },
      { value: "full", display_name: "Full" },
    ]);
    expect(post.replication_id).toMatchObject({ type: "string", required: true, max_length: 255 });
    expect(post.guest).toMatchObject({
      type: "integer",
      required: true,
      min_value: 0,
      max_value: 2_147_483_647,
    });
    expect(post.endpoint).toMatchObject({ type: "nested object", required: true, read_only: false });
    expect(post.id).toEqual({ type: "integer", required: false, read_only: true, label: "Id" });
    expect(post.health).toMatchObject({ type: "nested object", read_only: true });
    // The recovery point is computed, never written (issue 13).
    expect(post.overdue).toMatchObject({ type: "boolean", read_only: true });
    expect(post.recovery_point_age).toMatchObject({ type: "integer", read_only: true });
    expect(post.overdue_at).toMatchObject({ type: "datetime", read_only: true });
    expect(post.changelog_message).toMatchObject({ type: "string", max_length: 200, read_only: false });
    expect(post.created).toMatchObject({ type: "datetime", read_only: true });
  });

  it("offers no actions to a read-only token or a viewer, and none on read-only resources", async () => {
    for (const token of [operator.readToken, viewer.writeToken]) {
      const res = await call<Metadata>(replications.OPTIONS, "/replications/", { method: "OPTIONS", token });
      expect(res.status).toBe(200);
      expect(res.body).not.toHaveProperty("actions");
    }
    const nodeList = await call<Metadata>(nodes.OPTIONS, "/nodes/", {
      method: "OPTIONS",
      token: operator.writeToken,
    });
    expect(nodeList.body).toMatchObject({ name: "ProxmoxNode List" });
    expect(nodeList.body).not.toHaveProperty("actions");
    const anonymous = await call(replications.OPTIONS, "/replications/", { method: "OPTIONS" });
    expect(anonymous.status).toBe(403);
  });

  it("gives a detail PUT only, and only for an object that exists", async () => {
    const res = await call<Metadata>(replicationDetail.OPTIONS, `/replications/${replicationId}/`, {
      method: "OPTIONS",
      token: operator.writeToken,
      params: { id: String(replicationId) },
    });
    expect(res.body.name).toBe("Replication Instance");
    expect(Object.keys(res.body.actions ?? {})).toEqual(["PUT"]);
    const missing = await call<Metadata>(replicationDetail.OPTIONS, "/replications/999999/", {
      method: "OPTIONS",
      token: operator.writeToken,
      params: { id: "999999" },
    });
    expect(missing.status).toBe(200);
    expect(missing.body).not.toHaveProperty("actions");
  });

  it("describes endpoints for admins only, secrets as write-only fields", async () => {
    const admin = await seedUser("admin");
    const list = await call<Metadata>(endpoints.OPTIONS, "/endpoints/", {
      method: "OPTIONS",
      token: admin.writeToken,
    });
    const post = list.body.actions?.POST ?? {};
    expect(post.tls_mode.choices).toContainEqual({
      value: "fingerprint",
      display_name: "Pinned fingerprint",
    });
    expect(post.token_secret).toMatchObject({
      read_only: false,
      help_text: expect.stringMatching(/^write-only/),
    });
    expect(post.has_secret).toMatchObject({ read_only: true });
    expect(post.overdue_grace_factor).toMatchObject({ type: "float", read_only: false });
    expect(post.stuck_after_seconds).toMatchObject({ type: "integer", read_only: false });
    const detail = await call<Metadata>(endpointDetail.OPTIONS, `/endpoints/${endpointId}/`, {
      method: "OPTIONS",
      token: operator.writeToken,
      params: { id: String(endpointId) },
    });
    expect(detail.body).not.toHaveProperty("actions");
  });
});

describe("OpenAPI document formats", () => {
  it("serves JSON by default and with ?format=json, YAML with ?format=yaml, 404 for other formats", async () => {
    const get = (url: string) =>
      schema.GET(makeRequest(url, { token: viewer.readToken }), { params: Promise.resolve({}) });
    const plain = await get("http://localhost/api/schema/");
    expect(plain.headers.get("content-type")).toBe("application/vnd.oai.openapi+json");
    expect(plain.headers.get("api-version")).toBe("4.6");
    const doc = await plain.json();
    expect(doc.paths).toHaveProperty(["/api/status/"]);
    expect(doc.paths).toHaveProperty(["/api/"]);
    const json = await get("http://localhost/api/schema/?format=json");
    expect(await json.json()).toEqual(doc);
    const yaml = await get("http://localhost/api/schema/?format=yaml");
    expect(yaml.headers.get("content-type")).toBe("application/vnd.oai.openapi; charset=utf-8");
    expect(parseYaml(await yaml.text())).toEqual(doc);
    const other = await get("http://localhost/api/schema/?format=xml");
    expect(other.status).toBe(404);
    expect(await other.json()).toEqual({ detail: "No object matches the given query." });
  });

  it("answers /api/docs/?format=openapi with the JSON document (older clients), the HTML page otherwise", async () => {
    const doc = await docs.GET(
      makeRequest("http://localhost/api/docs/?format=openapi", { token: viewer.readToken }),
    );
    expect(doc.status).toBe(200);
    expect(doc.headers.get("content-type")).toBe("application/vnd.oai.openapi+json");
    expect((await doc.json()).openapi).toBe("3.1.0");
    const anonymous = await docs.GET(makeRequest("http://localhost/api/docs/?format=openapi"));
    expect(anonymous.status).toBe(403);
    const page = await docs.GET(makeRequest("http://localhost/api/docs/", { token: viewer.readToken }));
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(page.headers.get("api-version")).toBe("4.6");
  });
});

describe("request bodies", () => {
  it("refuses a body over the cap with 413 before parsing it, and changes nothing", async () => {
    const huge = `[${`{"id":${replicationId},"comment":"${"x".repeat(1000)}"},`.repeat(Math.ceil(MAX_BODY_BYTES / 1000))}{}]`;
    const res = await replications.PATCH(
      new Request("http://localhost/api/plugins/proxbox/replications/", {
        method: "PATCH",
        headers: { authorization: `Bearer ${operator.writeToken}`, "content-type": "application/json" },
        body: huge,
      }),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(413);
    expect((await res.json()).detail).toMatch(/exceeded/);
    const declared = await replications.POST(
      new Request("http://localhost/api/plugins/proxbox/replications/", {
        method: "POST",
        headers: {
          authorization: `Bearer ${operator.writeToken}`,
          "content-type": "application/json",
          "content-length": String(MAX_BODY_BYTES + 1),
        },
        body: "{}",
      }),
      { params: Promise.resolve({}) },
    );
    expect(declared.status).toBe(413);
    const after = await call<{ comment: string | null }>(
      replicationDetail.GET,
      `/replications/${replicationId}/`,
      {
        token: viewer.readToken,
        params: { id: String(replicationId) },
      },
    );
    expect(after.body.comment).toBeNull();
  });
});

describe("bulk ids", () => {
  it("skips ids beyond int4 in bulk updates, as unknown ids, instead of failing in PostgreSQL", async () => {
    for (const [method, handler] of [
      ["PUT", replications.PUT],
      ["PATCH", replications.PATCH],
    ] as const) {
      const res = await call(handler, "/replications/", {
        method,
        token: operator.writeToken,
        body: [{ id: 2_147_483_648, comment: "x" }],
      });
      expect(res.status, method).toBe(200);
      expect(res.body).toEqual([]);
    }
  });
});

describe("where absolute URLs come from", () => {
  const origin = (headers: Record<string, string>, url = "http://0.0.0.0:3000/api/") =>
    publicOrigin(new Request(url, { headers }));

  it("uses a valid Host, refuses anything else, and never the wildcard bind address", () => {
    expect(origin({ host: "proxbox.test:3000" })).toBe("http://proxbox.test:3000");
    expect(origin({ host: "PROXBOX.test:80" })).toBe("http://proxbox.test");
    expect(origin({ host: "10.1.2.3:3000" })).toBe("http://10.1.2.3:3000");
    expect(origin({ host: "[fe80::1]:3000" })).toBe("http://[fe80::1]:3000");
    for (const bad of [
      "evil/x",
      "a b",
      "x:99999",
      "x:1:2",
      "[zz]:1",
      "user@x",
      "x?y",
      "x#y",
      "",
      "x".repeat(300),
    ]) {
      expect(origin({ host: bad }), bad).toBeNull();
    }
    expect(origin({})).toBeNull();
    expect(origin({}, "http://127.0.0.1:3000/api/")).toBe("http://127.0.0.1:3000");
  });

  it("believes X-Forwarded-* only from a trusted peer", () => {
    const forwarded = {
      "x-forwarded-host": "public.example",
      "x-forwarded-proto": "https",
      host: "internal:3000",
    };
    process.env.PROXBOX_TRUSTED_PROXIES = "10.0.0.0/8";
    expect(origin({ ...forwarded, [REMOTE_ADDRESS_HEADER]: "192.168.1.5" })).toBe("http://internal:3000");
    expect(origin(forwarded)).toBe("http://internal:3000");
    expect(origin({ ...forwarded, [REMOTE_ADDRESS_HEADER]: "::ffff:10.1.1.1" })).toBe(
      "https://public.example",
    );
    expect(
      origin({ ...forwarded, "x-forwarded-host": "bad/host", [REMOTE_ADDRESS_HEADER]: "10.1.1.1" }),
    ).toBeNull();
    expect(origin({ ...forwarded, "x-forwarded-proto": "gopher", [REMOTE_ADDRESS_HEADER]: "10.1.1.1" })).toBe(
      "http://public.example",
    );
    process.env.PROXBOX_PUBLIC_URL = "https://netbox.example.com";
    expect(origin({ host: "bad/host" })).toBe("https://netbox.example.com");
  });

  it("takes PROXBOX_PUBLIC_URL as an http(s) origin only", () => {
    const env = (value: string) => () => parseEnv({ PROXBOX_PUBLIC_URL: value });
    expect(env("https://proxbox.example.com/")().PROXBOX_PUBLIC_URL).toBe("https://proxbox.example.com/");
    expect(env("https://proxbox.example.com/netbox/")).toThrow(/no path/);
    expect(env("ftp://proxbox.example.com")).toThrow(/http/);
    expect(env("not a url")).toThrow(/PROXBOX_PUBLIC_URL/);
  });

  it("answers an API call that names an invalid Host with 400 and builds no URL from it", async () => {
    const res = await call(replications.GET, "/replications/", {
      token: viewer.readToken,
      headers: { host: "evil.example/<x>" },
    });
    expect(res.status).toBe(400);
    expect(res.text).not.toContain("evil");
    expect(res.headers.get("api-version")).toBe("4.6");
  });
});
