import { execFile, spawnSync } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { freshDatabasePerFile } from "./db";
import { type SeededUser, seedEndpoint, seedReplication, seedUser, seedVm } from "./factories";
import { startTestServer, type TestServer } from "./pynetbox-server";

// pynetbox (the NetBox client most automation uses) against the real API over a real socket, from a
// host name that is not the bind address: every link it receives must work from the client's side.
// Python is Debian's /usr/bin/python3 with python3-pynetbox (CI installs it; the pyenv `python3` on PATH
// usually lacks it). Without it the suite fails under CI=true and is skipped, saying why, elsewhere.

freshDatabasePerFile();

const SCRIPT = path.join(import.meta.dirname, "pynetbox_client.py");

function findPython(): string | null {
  for (const candidate of [process.env.PYNETBOX_PYTHON, "/usr/bin/python3", "python3"]) {
    if (!candidate) continue;
    const probe = spawnSync(candidate, ["-c", "import pynetbox"], { stdio: "ignore" });
    if (probe.status === 0) return candidate;
  }
  return null;
}

const python = findPython();
const inCi = process.env.CI === "true";
const suite = python || inCi ? describe : describe.skip;
const title = python
  ? "pynetbox against the API"
  : "pynetbox against the API (skipped: no python3 that can `import pynetbox`; apt-get install python3-pynetbox)";

interface Seen {
  seen_urls: string[];
  seen_hosts: string[];
}

suite(title, () => {
  let server: TestServer;
  let base: string;
  let operator: SeededUser;
  let endpointId: number;
  const saved = { ...process.env };

  beforeAll(async () => {
    if (!python) {
      throw new Error(
        "CI=true but no python3 can `import pynetbox`: install Debian's python3-pynetbox (apt-get install python3-pynetbox)",
      );
    }
    const endpoint = await seedEndpoint();
    endpointId = endpoint.id;
    await seedVm(endpoint.id);
    // 120 jobs: several pages at limit=25, threaded or not; 30 of them target pve9.
    for (let i = 0; i < 120; i++) {
      await seedReplication(endpoint.id, { guest: 1000 + i, target: i % 4 === 0 ? "pve9" : "pve2" });
    }
    operator = await seedUser("operator");
    server = await startTestServer();
    base = `http://proxbox.test:${server.port}`;
  });

  afterAll(async () => {
    await server?.close();
  });

  afterEach(() => {
    for (const key of ["PROXBOX_TRUSTED_PROXIES", "PROXBOX_PUBLIC_URL"]) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  async function runClient<T>(mode: string, extraHeaders: Record<string, string> = {}): Promise<T & Seen> {
    const { stdout } = await promisify(execFile)(python as string, [SCRIPT, mode], {
      env: {
        NODE_ENV: "test",
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        PROXBOX_URL: base,
        WRITE_TOKEN: operator.writeToken,
        READ_TOKEN: operator.readToken,
        ENDPOINT_ID: String(endpointId),
        EXTRA_HEADERS: JSON.stringify(extraHeaders),
      },
      timeout: 60_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return JSON.parse(stdout) as T & Seen;
  }

  it("lists, pages (threaded too), filters, counts, gets, creates, updates and deletes; every link uses the client's Host", async () => {
    const out = await runClient<Record<string, unknown>>("full");
    // The lead records the client version that ran.
    console.info(`pynetbox ${out.pynetbox} (requests ${out.requests}) via ${python}`);
    expect(out.seen_hosts).toEqual([`proxbox.test:${server.port}`]);
    expect(out.version).toBe("4.6");
    expect(out.status_netbox_version).toBe("4.6");
    expect(out.status_keys).toEqual(
      expect.arrayContaining(["netbox-version", "plugins", "proxbox-version", "workers-running", "database"]),
    );
    expect(out.all_default).toBe(120);
    expect(out.all_paged).toBe(120);
    expect(out.all_paged_distinct).toBe(120);
    expect(out.all_threaded).toBe(120);
    expect(out.all_threaded_distinct).toBe(120);
    expect(out.filter_target).toBe(30);
    expect(out.count_all).toBe(120);
    expect(out.count_target).toBe(30);
    expect(out.get_replication_id).toMatch(/^\d+-0$/);
    expect(out.get_by_filter).toBe(true);
    expect(out.choices).toEqual({
      job_type: ["local"],
      remove_job: ["local", "full"],
      status: ["active", "stale"],
    });
    expect(out.choices_labels).toMatchObject({ status: ["Active", "Stale"] });
    expect(out.created_url).toMatch(new RegExp(`^${base}/api/plugins/proxbox/replications/\\d+/$`));
    expect(out.created_status).toBe("active");
    expect(out.bulk_created).toBe(2);
    expect(out.updated_comments).toEqual(["edited", "edited too"]);
    expect(out.after_update).toBe("edited");
    expect(out.deleted).toBe(true);
    expect(out.after_delete).toBe(true);
    expect(out.readonly_list).toBe(120);
    expect(out.readonly_create).toBe(403);
    expect(out.readonly_delete).toBe(403);
    expect(out.readonly_choices_error).toMatch(/Unexpected format in the OPTIONS response/);
    expect(out.wrong_token).toBe(403);
    expect(out.wrong_token_status).toBe(403);
    expect(out.vms).toBe(1);
    // Every absolute URL in every body (url, next, previous, nested objects, roots) is on the client's origin.
    expect(out.seen_urls.length).toBeGreaterThan(300);
    expect(out.seen_urls.filter((u) => u.includes("next") || /offset=/.test(u)).length).toBeGreaterThan(0);
    expect(out.seen_urls.filter((u) => !u.startsWith(`${base}/`))).toEqual([]);
  });

  it("ignores X-Forwarded-Host/-Proto from a peer that is not a trusted proxy", async () => {
    delete process.env.PROXBOX_TRUSTED_PROXIES;
    const out = await runClient<{ record_url: string }>("links", {
      "X-Forwarded-Host": "evil.example",
      "X-Forwarded-Proto": "https",
      // A client cannot pose as the proxy: the server replaces this header with the real peer.
      "X-Proxbox-Remote-Address": "10.9.9.9",
    });
    process.env.PROXBOX_TRUSTED_PROXIES = "10.9.9.9";
    const spoofed = await runClient<{ record_url: string }>("links", {
      "X-Forwarded-Host": "evil.example",
      "X-Proxbox-Remote-Address": "10.9.9.9",
    });
    for (const result of [out, spoofed]) {
      expect(result.record_url.startsWith(`${base}/`)).toBe(true);
      expect(result.seen_urls.length).toBeGreaterThan(2);
      expect(result.seen_urls.filter((u) => !u.startsWith(`${base}/`))).toEqual([]);
    }
  });

  it("builds links from X-Forwarded-Host/-Proto/-Port when the peer is a trusted proxy", async () => {
    process.env.PROXBOX_TRUSTED_PROXIES = "127.0.0.1/32,::1";
    const out = await runClient<{ record_url: string }>("links", {
      "X-Forwarded-Host": "proxbox.example.org, inner.proxy",
      "X-Forwarded-Proto": "https",
      "X-Forwarded-Port": "8443",
    });
    expect(out.record_url).toMatch(
      /^https:\/\/proxbox\.example\.org:8443\/api\/plugins\/proxbox\/replications\/\d+\/$/,
    );
    expect(out.seen_urls.filter((u) => !u.startsWith("https://proxbox.example.org:8443/"))).toEqual([]);
  });

  it("uses PROXBOX_PUBLIC_URL over Host and forwarded headers when it is set", async () => {
    process.env.PROXBOX_TRUSTED_PROXIES = "*";
    process.env.PROXBOX_PUBLIC_URL = "https://netbox.example.com/";
    const out = await runClient<{ record_url: string }>("links", {
      "X-Forwarded-Host": "proxbox.example.org",
    });
    expect(out.record_url).toMatch(
      /^https:\/\/netbox\.example\.com\/api\/plugins\/proxbox\/replications\/\d+\/$/,
    );
    expect(out.seen_urls.filter((u) => !u.startsWith("https://netbox.example.com/"))).toEqual([]);
  });

  it("redirects slash-less API paths to the client's origin and refuses a hostile Host with 400", async () => {
    const raw = (pathname: string, host: string) =>
      new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
        const req = http.request(
          {
            host: "127.0.0.1",
            port: server.port,
            path: pathname,
            headers: { host, authorization: `Bearer ${operator.readToken}` },
          },
          (res) => {
            let body = "";
            res.on("data", (d) => {
              body += d;
            });
            res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
          },
        );
        req.on("error", reject);
        req.end();
      });
    const redirect = await raw("/api/plugins/proxbox/replications?limit=1", `proxbox.test:${server.port}`);
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe(`${base}/api/plugins/proxbox/replications/?limit=1`);
    expect(redirect.headers["api-version"]).toBe("4.6");
    for (const host of ['evil.example/"><x', "evil.example:99999", "under_score.example", "a@b.example"]) {
      const res = await raw("/api/plugins/proxbox/replications/", host);
      expect(res.status, host).toBe(400);
      expect(JSON.parse(res.body)).toEqual({ detail: "Invalid Host header: expected host[:port]." });
      expect(res.body).not.toContain("evil");
      const page = await raw("/replications/", host);
      expect(page.status, host).toBe(400);
    }
    const ipv6 = await raw("/api/plugins/proxbox/replications/?limit=1", `[::1]:${server.port}`);
    expect(JSON.parse(ipv6.body).next).toMatch(new RegExp(`^http://\\[::1\\]:${server.port}/api/`));
  });
});
