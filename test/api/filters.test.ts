import { beforeAll, describe, expect, it } from "vitest";
import * as list from "@/app/api/plugins/proxbox/replications/route";
import * as vmList from "@/app/api/plugins/proxbox/virtual-machines/route";
import { listInputFromSearchParams, type SearchParams } from "@/components/data-table/query";
import { VM_FILTER_FIELDS_NO_OPTIONS } from "@/components/virtual-machines/fields";
import { createCaller } from "@/server/api/root";
import { db } from "@/server/db/client";
import { listReplications } from "@/server/replications/service";
import { listVirtualMachines } from "@/server/virtual-machines/service";
import { freshDatabasePerFile } from "./db";
import { type SeededUser, seedUser, seedVm } from "./factories";
import { type FilterFixture, seedFilterFixture } from "./filter-fixture";
import { call, type Page } from "./http";

// Every filter and lookup, checked against hand-written SQL (a different formulation from the
// engine's: strpos/left/right/IS DISTINCT FROM instead of ILIKE and IS NOT TRUE), then the UI mode
// and the tRPC list against the REST list.

freshDatabasePerFile();

const FROM = `replication r JOIN proxmox_endpoint e ON e.id = r.endpoint_id
  LEFT JOIN virtual_machine vm ON vm.id = r.virtual_machine_id LEFT JOIN proxmox_node pn ON pn.id = r.proxmox_node_id`;

interface Case {
  group: string;
  query: string;
  where: string;
  args: unknown[];
}

let viewer: SeededUser;
let fx: FilterFixture;
const cases: Case[] = [];
let group = "";
/** The list `add` writes to: the replication cases, or the VM cases at the end of this file. */
let into = cases;
const add = (query: string, where: string, ...args: unknown[]) => into.push({ group, query, where, args });
const q = encodeURIComponent;

const TEXT = {
  replication_id: "r.replication_id",
  target: "r.target",
  source: "r.source",
  schedule: "r.schedule",
  comment: "r.comment",
  error: "r.error",
};
const TEXT_VALUES: Record<string, string[]> = {
  replication_id: ["100-0", "10", "-1"],
  target: ["pve2", "PVE", "2"],
  source: ["pve1", "null", "PVE"],
  schedule: ["*/15", "mon", "22:30"],
  comment: ["nightly", "100%_", "%", "_", "null", "Ü"],
  error: ["timeout (500)", "ERROR", "busy"],
};
const REGEXES = ["^pve[12]$", "^\\d+-1$", "night|week", "(500)"];

function textCases(field: string, c: string, values: string[], regexes = REGEXES) {
  for (const v of values) {
    if (v === "null") {
      add(`${field}=null`, `${c} IS NULL`);
      add(`${field}__n=null`, `${c} IS NOT NULL`);
      continue;
    }
    add(`${field}=${q(v)}`, `${c} = $1`, v);
    add(`${field}__n=${q(v)}`, `${c} IS DISTINCT FROM $1`, v);
    add(`${field}__ic=${q(v)}`, `strpos(lower(${c}), lower($1)) > 0`, v);
    add(`${field}__nic=${q(v)}`, `NOT coalesce(strpos(lower(${c}), lower($1)) > 0, false)`, v);
    add(`${field}__isw=${q(v)}`, `lower(left(${c}, char_length($1))) = lower($1)`, v);
    add(`${field}__nisw=${q(v)}`, `NOT coalesce(lower(left(${c}, char_length($1))) = lower($1), false)`, v);
    add(`${field}__iew=${q(v)}`, `lower(right(${c}, char_length($1))) = lower($1)`, v);
    add(`${field}__niew=${q(v)}`, `NOT coalesce(lower(right(${c}, char_length($1))) = lower($1), false)`, v);
    add(`${field}__ie=${q(v)}`, `lower(${c}) = lower($1)`, v);
    add(`${field}__nie=${q(v)}`, `NOT coalesce(lower(${c}) = lower($1), false)`, v);
  }
  for (const re of regexes) {
    add(`${field}__regex=${q(re)}`, `coalesce(${c} ~ $1, false)`, re);
    add(`${field}__iregex=${q(re.toUpperCase())}`, `coalesce(${c} ~* $1, false)`, re.toUpperCase());
  }
  add(`${field}__empty=true`, `(${c} IS NULL OR ${c} = '')`);
  add(`${field}__empty=false`, `(${c} IS NOT NULL AND ${c} <> '')`);
}

function numericCases(field: string, c: string, values: string[], cast = "") {
  for (const v of values) {
    const arg = cast ? v : Number(v);
    add(`${field}=${q(v)}`, `${c} = $1${cast}`, arg);
    add(`${field}__n=${q(v)}`, `${c} IS DISTINCT FROM $1${cast}`, arg);
    for (const [lookup, op] of [
      ["lt", "<"],
      ["lte", "<="],
      ["gt", ">"],
      ["gte", ">="],
    ]) {
      add(`${field}__${lookup}=${q(v)}`, `${c} ${op} $1${cast}`, arg);
    }
  }
  add(`${field}__empty=true`, `${c} IS NULL`);
  add(`${field}__empty=false`, `${c} IS NOT NULL`);
}

function dateCases(field: string, c: string) {
  numericCases(field, c, ["2026-01-05", "2026-01-10 06:30:00"], "::timestamp");
  // Offsets are converted to UTC; the second form is the same instant as the first.
  for (const value of ["2026-01-05T12:00:00+02:00", "2026-01-05T10:00:00Z", "01/05/2026 10:00"]) {
    add(`${field}__gte=${q(value)}`, `${c} >= $1::timestamp`, "2026-01-05 10:00:00");
  }
  add(`${field}=${q("2026-01-03T06:30:00Z")}`, `${c} = $1::timestamp`, "2026-01-03 06:30:00");
}

function choiceCases(field: string, c: string, values: string[]) {
  for (const v of values) {
    add(`${field}=${v}`, `${c} = $1`, v);
    add(`${field}__n=${v}`, `${c} IS DISTINCT FROM $1`, v);
    // NetBox validates every lookup of a choice filter against the choices, so `ie` takes "active" only.
    add(`${field}__ie=${v}`, `lower(${c}) = lower($1)`, v);
    add(`${field}__nie=${v}`, `NOT coalesce(lower(${c}) = lower($1), false)`, v);
  }
  add(`${field}=${values[0]}&${field}=${values[1]}`, `${c} IN ($1, $2)`, values[0], values[1]);
  add(`${field}__empty=true`, `${c} IS NULL`);
}

const DATE_FIELDS = [
  "last_sync",
  "last_try",
  "next_sync",
  "created",
  "last_updated",
  "overdue_at",
  "stuck_at",
];
const GROUPS = [
  ...Object.keys(TEXT),
  ...["guest", "jobnum", "fail_count", "rate", "duration", "id", "expected_interval", ...DATE_FIELDS],
  ...["overdue", "stuck", "alerting"],
  ...["status", "remove_job", "health", "job_type", "disable"],
  ...["endpoint", "virtual_machine", "proxmox_node", "combinations", "q"],
];

function buildCases() {
  const on = (name: string) => {
    group = name;
  };
  for (const [field, c] of Object.entries(TEXT)) {
    on(field);
    textCases(field, c, TEXT_VALUES[field]);
  }
  const numeric: [string, string[]][] = [
    ["guest", ["100", "103", "920"]],
    ["jobnum", ["0", "2"]],
    ["fail_count", ["0", "2"]],
    // Beyond 2^53 and near float8's limit: the value must reach PostgreSQL as a float, not an integer.
    ["rate", ["12.5", "25", "30.0"]],
    ["duration", ["2.5", "5"]],
    ["id", [String(fx.replicationIds[3]), String(fx.replicationIds[20])]],
    ["expected_interval", ["900", "86400", "3600"]],
  ];
  const column: Record<string, string> = { expected_interval: "r.expected_interval_s" };
  for (const [field, values] of numeric) {
    on(field);
    numericCases(field, column[field] ?? `r.${field}`, values);
  }
  for (const field of DATE_FIELDS) {
    on(field);
    dateCases(field, `r.${field}`);
  }
  on("status");
  choiceCases("status", "r.status::text", ["active", "stale"]);
  on("remove_job");
  choiceCases("remove_job", "r.remove_job::text", ["full", "local"]);
  on("health");
  choiceCases("health", "r.health", ["ok", "error", "removal_scheduled"]);
  on("job_type");
  choiceCases("job_type", "r.job_type", ["local", "local"]);
  on("disable");
  for (const v of ["true", "True", "false", "False"])
    add(`disable=${v}`, "r.disable = $1", v.toLowerCase() === "true");
  add("disable=false&disable=true", "r.disable = true");
  // Issue 13: overdue ⇔ the stored instant has passed and the job is an active, enabled one not
  // scheduled for removal; `false` is everything else (NULL overdue_at included). Written with
  // clock_timestamp() and IS TRUE rather than the filterset's now() AT TIME ZONE and IS NOT NULL.
  const utcNow = "timezone('UTC', clock_timestamp())";
  const overdue = `((r.overdue_at < ${utcNow}) IS TRUE AND r.disable = false AND r.remove_job IS NULL AND r.status::text = 'active')`;
  on("overdue");
  for (const v of ["true", "True", "2"]) add(`overdue=${v}`, overdue);
  for (const v of ["false", "3"]) add(`overdue=${v}`, `NOT ${overdue}`);
  add("overdue=true&disable=true", "FALSE");
  add("overdue=false&overdue=true", overdue);
  add("overdue=true&endpoint=beta", `${overdue} AND e.name = 'beta'`);
  on("stuck");
  add("stuck=true", `(r.stuck_at < ${utcNow}) IS TRUE`);
  add("stuck=false", `(r.stuck_at < ${utcNow}) IS NOT TRUE`);
  add("stuck=true&overdue=false", `(r.stuck_at < ${utcNow}) IS TRUE AND NOT ${overdue}`);
  // Issue 14: a job is alerting while any condition it was alerted for is open.
  on("alerting");
  add("alerting=true", "cardinality(r.alerts_open) > 0");
  add("alerting=false", "cardinality(r.alerts_open) = 0");
  add("alerting=true&overdue=true", `cardinality(r.alerts_open) > 0 AND ${overdue}`);
  const { alpha, beta } = fx.endpoints;
  on("endpoint");
  add(`endpoint_id=${alpha}`, "r.endpoint_id = $1", alpha);
  add(`endpoint_id=${alpha}&endpoint_id=${beta}`, "r.endpoint_id IN ($1, $2)", alpha, beta);
  add(`endpoint_id__n=${alpha}`, "r.endpoint_id <> $1", alpha);
  add("endpoint=alpha", "e.name = 'alpha'");
  add("endpoint__n=alpha", "e.name <> 'alpha'");
  on("virtual_machine");
  const [vm0, vm1] = fx.vmIds;
  add(`virtual_machine_id=${vm0}&virtual_machine_id=${vm1}`, "r.virtual_machine_id IN ($1, $2)", vm0, vm1);
  add(`virtual_machine_id__n=${vm0}`, "r.virtual_machine_id IS DISTINCT FROM $1", vm0);
  add("virtual_machine_id=null", "r.virtual_machine_id IS NULL");
  add(
    `virtual_machine_id=null&virtual_machine_id=${vm1}`,
    "(r.virtual_machine_id IS NULL OR r.virtual_machine_id = $1)",
    vm1,
  );
  add("virtual_machine=web-01&virtual_machine=WEB-02", "vm.name IN ('web-01', 'WEB-02')");
  add("virtual_machine__n=web-01", "vm.name IS DISTINCT FROM 'web-01'");
  on("proxmox_node");
  add("proxmox_node=pve1", "pn.name = 'pve1'");
  add("proxmox_node__n=pve1", "pn.name IS DISTINCT FROM 'pve1'");
  add("proxmox_node_id=null", "r.proxmox_node_id IS NULL");
  // OR within a parameter, AND across parameters; blank values and unknown parameters ignored.
  on("combinations");
  add("guest=100&guest=102", "r.guest IN (100, 102)");
  add("target__n=pve1&target__n=pve2", "r.target NOT IN ('pve1', 'pve2')");
  add(
    "comment__ic=night&comment__ic=week",
    "(strpos(lower(r.comment), 'night') > 0 OR strpos(lower(r.comment), 'week') > 0)",
  );
  add(
    "target__ic=pve&status=stale&disable=false",
    "strpos(lower(r.target), 'pve') > 0 AND r.status = 'stale' AND NOT r.disable",
  );
  add("guest=&nonexistent=1&guest__bogus=2&ordering=nope", "TRUE");
  on("q");
  const search = (c: string) => `coalesce(strpos(lower(${c}), lower($1)) > 0, false)`;
  for (const term of ["web", "NIGHT", "pve3", "%", "100-"]) {
    add(
      `q=${q(term)}`,
      ["r.replication_id", "vm.name", "r.target", "r.source", "r.comment"].map(search).join(" OR "),
      term,
    );
  }
}

async function apiIds(query: string): Promise<number[]> {
  const res = await call<Page<{ id: number }>>(list.GET, `/replications/?limit=0&${query}`, {
    token: viewer.readToken,
  });
  if (res.status !== 200) throw new Error(`${query}: ${res.status} ${res.text}`);
  return res.body.results.map((r) => r.id);
}

async function sqlIds(where: string, args: unknown[], orderBy = "r.id"): Promise<number[]> {
  const rows = await db.$queryRawUnsafe<{ id: number }[]>(
    `SELECT r.id FROM ${FROM} WHERE ${where} ORDER BY ${orderBy}`,
    ...args,
  );
  return rows.map((r) => r.id);
}

const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

/** tRPC as the signed-in viewer's browser calls it. */
const viewerCaller = () =>
  createCaller({
    requestId: crypto.randomUUID(),
    headers: new Headers(),
    auth: "session",
    user: { id: viewer.id, username: viewer.username, role: "viewer" },
  });

beforeAll(async () => {
  viewer = await seedUser("viewer");
  fx = await seedFilterFixture();
  buildCases();
});

describe("REST filters equal hand-written SQL", () => {
  it.each(GROUPS)("%s, every lookup", async (name) => {
    const mine = cases.filter((c) => c.group === name);
    expect(mine.length).toBeGreaterThan(0);
    for (const c of mine) {
      const expected = await sqlIds(c.where, c.args);
      expect(sorted(await apiIds(c.query)), c.query).toEqual(expected);
    }
  });

  it("reads floats beyond 2^53 and near float8's limit as floats (all or none match, never a 500)", async () => {
    const all = sorted(fx.replicationIds);
    expect(sorted(await apiIds("rate__n=9007199254740992"))).toEqual(all);
    expect(await apiIds("rate__gte=9007199254740992")).toEqual([]);
    expect(sorted(await apiIds("duration__lt=1e300"))).toEqual(await sqlIds("r.duration IS NOT NULL", []));
    expect(await apiIds("duration=1e300")).toEqual([]);
  });

  it("covers enough discriminating cases to mean something", async () => {
    expect(cases.length).toBeGreaterThan(400);
    expect(new Set(cases.map((c) => c.group))).toEqual(new Set(GROUPS));
    let nonTrivial = 0;
    for (const c of cases) {
      const n = (await sqlIds(c.where, c.args)).length;
      if (n > 0 && n < fx.replicationIds.length) nonTrivial++;
    }
    expect(nonTrivial).toBeGreaterThan(cases.length * 0.6);
  });

  it("orders as the SQL does, with the id as the last tie-breaker", async () => {
    const orderings: [string, string][] = [
      ["", "e.name, r.guest, r.jobnum, r.replication_id, r.id"],
      ["-guest", "r.guest DESC, r.id"],
      ["virtual_machine,-jobnum", "vm.name, r.jobnum DESC, r.id"],
      ["-last_sync", "r.last_sync DESC, r.id"],
      ["fail_count, health ,nonsense", "r.fail_count, r.health, r.id"],
      ["nonsense", "e.name, r.guest, r.jobnum, r.replication_id, r.id"],
      ["-endpoint,proxmox_node,-rate", "e.name DESC, pn.name, r.rate DESC, r.id"],
      // Youngest recovery point first, never-synced jobs (no recovery point: the oldest) last; reversed.
      ["recovery_point_age", "r.last_sync DESC NULLS LAST, r.id"],
      ["-recovery_point_age", "r.last_sync ASC NULLS FIRST, r.id"],
      ["overdue_at", "r.overdue_at ASC NULLS LAST, r.id"],
      ["-overdue_at,guest", "r.overdue_at DESC NULLS FIRST, r.guest, r.id"],
      ["-expected_interval", "r.expected_interval_s DESC, r.id"],
    ];
    for (const [ordering, orderBy] of orderings) {
      expect(await apiIds(`ordering=${q(ordering)}`), ordering).toEqual(await sqlIds("TRUE", [], orderBy));
    }
  });

  it("finds changes of one request (created_by_request / updated_by_request)", async () => {
    const requestId = crypto.randomUUID();
    const [a, b] = fx.replicationIds;
    await db.objectChange.createMany({
      data: [
        {
          requestId,
          userName: "t",
          action: "create",
          changedObjectType: "proxbox.replication",
          changedObjectId: a,
          objectRepr: "a",
        },
        {
          requestId,
          userName: "t",
          action: "update",
          changedObjectType: "proxbox.replication",
          changedObjectId: b,
          objectRepr: "b",
        },
      ],
    });
    expect(await apiIds(`created_by_request=${requestId}`)).toEqual([a]);
    expect(await apiIds(`updated_by_request=${requestId}`)).toEqual([b]);
    expect(sorted(await apiIds(`modified_by_request=${requestId.replace(/-/g, "").toUpperCase()}`))).toEqual([
      a,
      b,
    ]);
  });
});

describe("invalid values", () => {
  const bad: [string, Record<string, string[]>][] = [
    ["guest=abc", { guest: ["Enter a whole number."] }],
    ["guest=1&guest=1.5", { guest: ["Enter a whole number."] }],
    ["rate__gt=fast", { rate__gt: ["Enter a number."] }],
    ["created=notadate", { created: ["Enter a valid date/time."] }],
    ["last_sync__lt=2026-02-30", { last_sync__lt: ["Enter a valid date/time."] }],
    ["status=bogus", { status: ["Select a valid choice. bogus is not one of the available choices."] }],
    ["status__n=bogus", { status__n: ["Select a valid choice. bogus is not one of the available choices."] }],
    ["status__ic=act", { status__ic: ["Select a valid choice. act is not one of the available choices."] }],
    [
      "virtual_machine_id=999999",
      { virtual_machine_id: ["Select a valid choice. 999999 is not one of the available choices."] },
    ],
    ["virtual_machine_id=abc", { virtual_machine_id: ["“abc” is not a valid value."] }],
    ["endpoint=nope", { endpoint: ["Select a valid choice. nope is not one of the available choices."] }],
    ["target__regex=(", { target__regex: ["Enter a valid regular expression."] }],
    ["comment=a%00b", { comment: ["Null characters are not allowed."] }],
    ["disable=1", { disable: ["“1” value must be either True or False."] }],
    ["comment__empty=yes", { comment__empty: ["“yes” value must be either True or False."] }],
    ["created_by_request=nope", { created_by_request: ["Enter a valid UUID."] }],
  ];

  it("answers 400 with NetBox's body in the API", async () => {
    for (const [query, body] of bad) {
      const res = await call(list.GET, `/replications/?${query}`, { token: viewer.readToken });
      expect(res.status, query).toBe(400);
      expect(res.body, query).toEqual(body);
    }
  });

  it("drops the invalid parameter and reports it in UI mode", async () => {
    const ui = await listReplications({ query: "guest=abc&status=stale", limit: 1000 });
    expect(ui.errors).toEqual({ guest: ["Enter a whole number."] });
    expect(sorted(ui.rows.map((r) => r.id))).toEqual(await sqlIds("r.status = 'stale'", []));
  });
});

describe("tRPC and REST share the filterset", () => {
  it("return the same ids in the same order for the same query string", async () => {
    const caller = viewerCaller();
    const queries = [
      "",
      "status=active&ordering=-guest",
      "target__ic=pve&target__n=pve1",
      "virtual_machine=web-01&virtual_machine=db_01",
      "q=web&ordering=virtual_machine",
      "last_sync__gte=2026-01-10&health=ok&health=error",
      "comment__empty=true&ordering=-created",
      "endpoint=beta&disable=false&fail_count__lt=3",
      "rate__empty=false&ordering=rate,-id",
      "overdue=true&ordering=recovery_point_age",
      "stuck=false&ordering=-recovery_point_age",
      "overdue=false&ordering=-overdue_at",
    ];
    for (const query of queries) {
      const viaTrpc = await caller.replications.list({ query, limit: 1000 });
      expect(viaTrpc.errors).toEqual({});
      expect(
        viaTrpc.rows.map((r) => r.id),
        query,
      ).toEqual(await apiIds(query));
    }
  });
});

describe("recovery point: fields and filters agree", () => {
  it("marks overdue and stuck exactly the rows the filters return, in REST and tRPC", async () => {
    const overdueIds = new Set(await apiIds("overdue=true"));
    const stuckIds = new Set(await apiIds("stuck=true"));
    // Both sides of each flag occur, or the comparison would prove little.
    expect(overdueIds.size).toBeGreaterThan(0);
    expect(overdueIds.size).toBeLessThan(fx.replicationIds.length);
    expect(stuckIds.size).toBeGreaterThan(0);
    expect(stuckIds.size).toBeLessThan(fx.replicationIds.length);
    type Row = {
      id: number;
      overdue: boolean;
      stuck: boolean;
      recovery_point_age: number | null;
      expected_interval: number | null;
      overdue_at: string | null;
      health: { last_sync: string | null };
    };
    const res = await call<Page<Row>>(list.GET, "/replications/?limit=0", { token: viewer.readToken });
    const stored = new Map(
      (
        await db.replication.findMany({
          select: { id: true, expectedIntervalSeconds: true, overdueAt: true },
        })
      ).map((r) => [r.id, r]),
    );
    const t0 = Date.now();
    for (const r of res.body.results) {
      expect(r.overdue, `overdue of ${r.id}`).toBe(overdueIds.has(r.id));
      expect(r.stuck, `stuck of ${r.id}`).toBe(stuckIds.has(r.id));
      expect(r.expected_interval).toBe(stored.get(r.id)?.expectedIntervalSeconds ?? null);
      expect(r.overdue_at === null ? null : Date.parse(r.overdue_at)).toBe(
        stored.get(r.id)?.overdueAt?.getTime() ?? null,
      );
      if (r.health.last_sync === null) expect(r.recovery_point_age).toBeNull();
      else {
        const age = (t0 - Date.parse(r.health.last_sync)) / 1000;
        expect(Math.abs((r.recovery_point_age ?? -1) - age)).toBeLessThan(60);
      }
    }
    const ui = await listReplications({ query: "", limit: 1000 });
    for (const r of ui.rows) {
      expect(r.overdue).toBe(overdueIds.has(r.id));
      expect(r.stuck).toBe(stuckIds.has(r.id));
    }
  });
});

// Virtual machines: one filterset behind REST, tRPC and the /virtual-machines page. NetBox's meanings:
// `node` / `node_id` is the linked node row (by name / id), `node_name` the text Proxmox reported.

const VM_FROM = `virtual_machine v JOIN proxmox_endpoint ep ON ep.id = v.endpoint_id
  LEFT JOIN proxmox_node n ON n.id = v.node_id
  LEFT JOIN (SELECT virtual_machine_id, count(*) AS jobs FROM replication GROUP BY 1) rc
    ON rc.virtual_machine_id = v.id`;
const VM_DEFAULT_ORDER = "ep.name, v.vmid, v.id";
const vmCases: Case[] = [];
const VM_GROUPS = [
  ...["name", "node_name", "status", "tags", "pool", "vmid", "id", "replication_count"],
  ...["created", "last_updated", "type", "template", "endpoint", "node", "q"],
];

/** Guests on known and unknown nodes: `pve1` exists on both endpoints; WEB-02 reports pve1 but is not linked. */
async function enrichVms(): Promise<void> {
  const node = async (endpointId: number, name: string) =>
    (await db.proxmoxNode.findFirstOrThrow({ where: { endpointId, name } })).id;
  const { alpha, beta } = fx.endpoints;
  const [a1, a2, b1, b3] = [
    await node(alpha, "pve1"),
    await node(alpha, "pve2"),
    await node(beta, "pve1"),
    await node(beta, "pve3"),
  ];
  const at = (d: number, h: number) => new Date(Date.UTC(2026, 0, d, h, 30, 0, d % 3 === 0 ? 0 : 250));
  const attrs = [
    { nodeId: a1, nodeName: "pve1", tags: "prod;web", pool: "prod", status: "running", type: "qemu" },
    { nodeId: b1, nodeName: "pve1", tags: "prod;db", pool: null, status: "running", type: "lxc" },
    { nodeId: null, nodeName: "pve1", tags: "", pool: "Web_Pool", status: "stopped", type: "qemu" },
    { nodeId: b3, nodeName: "pve3", tags: null, pool: "", status: "stopped", type: "lxc", template: true },
    { nodeId: null, nodeName: null, tags: "100%", pool: null, status: "unknown", type: "qemu" },
    { nodeId: b3, nodeName: "pve3", tags: "Ümlaut", pool: "prod", status: "running", type: "qemu" },
    { nodeId: a2, nodeName: "pve2", tags: "web", pool: "prod", status: "paused", type: "lxc" },
  ] as const;
  for (const [i, id] of fx.vmIds.entries()) {
    await db.virtualMachine.update({
      where: { id },
      data: { ...attrs[i], created: at(i + 1, 6), lastUpdated: at(i + 4, 9) },
    });
  }
  // Guests without replication jobs (replication_count 0), one of them named like a node.
  await seedVm(alpha, {
    vmid: 1000,
    name: "pve1-backup",
    nodeId: a2,
    nodeName: "pve2",
    pool: "backup",
    created: at(10, 6),
    lastUpdated: at(12, 9),
  });
  await seedVm(beta, { vmid: 1001, name: "db-02", type: "lxc", status: "stopped", created: at(3, 6) });
}

function buildVmCases() {
  into = vmCases;
  const on = (name: string) => {
    group = name;
  };
  const text: [string, string[]][] = [
    ["name", ["web-01", "WEB", "%", "_", "null", "ü", "pve1"]],
    ["node_name", ["pve1", "PVE", "3", "null"]],
    ["status", ["running", "STOP", "unknown"]],
    ["tags", ["prod", "web", "%", "null", "Ü", ";db"]],
    ["pool", ["prod", "web_pool", "_", "null"]],
  ];
  for (const [field, values] of text) {
    on(field);
    textCases(field, `v.${field}`, values, ["^web-0[12]$", "^pve[13]$", "prod|web", "^[a-z]+$"]);
  }
  on("vmid");
  numericCases("vmid", "v.vmid", ["100", "103", "1000"]);
  on("id");
  numericCases("id", "v.id", [String(fx.vmIds[2]), String(fx.vmIds[5])]);
  on("replication_count");
  numericCases("replication_count", "coalesce(rc.jobs, 0)", ["0", "4", "5"]);
  for (const field of ["created", "last_updated"]) {
    on(field);
    dateCases(field, `v.${field}`);
  }
  on("type");
  choiceCases("type", "v.type::text", ["qemu", "lxc"]);
  on("template");
  for (const v of ["true", "False"]) add(`template=${v}`, "v.template = $1", v === "true");
  const { alpha } = fx.endpoints;
  on("endpoint");
  add(`endpoint_id=${alpha}`, "v.endpoint_id = $1", alpha);
  add(`endpoint_id__n=${alpha}`, "v.endpoint_id <> $1", alpha);
  add("endpoint=beta", "ep.name = 'beta'");
  add("endpoint__n=beta&endpoint__n=alpha", "ep.name NOT IN ('alpha', 'beta')");
  on("node");
  add("node=pve1", "n.name = 'pve1'");
  add("node=pve1&node=pve3", "n.name IN ('pve1', 'pve3')");
  add("node__n=pve1", "n.name IS DISTINCT FROM 'pve1'");
  add("node=pve1&endpoint=beta", "n.name = 'pve1' AND ep.name = 'beta'");
  add("node=pve1&node_name__n=pve1", "FALSE");
  add("node_id=null", "v.node_id IS NULL");
  add("node_name=pve1&node_id=null", "v.node_name = 'pve1' AND v.node_id IS NULL");
  on("q");
  const search = (c: string) => `coalesce(strpos(lower(${c}), lower($1)) > 0, false)`;
  for (const term of ["web", "pve1", "PROD", "10", "%", "ü"]) {
    add(
      `q=${q(term)}`,
      ["v.name", "v.vmid::text", "v.node_name", "v.tags", "v.pool"].map(search).join(" OR "),
      term,
    );
  }
  into = cases;
}

async function vmSqlIds(where: string, args: unknown[], orderBy = "v.id"): Promise<number[]> {
  const rows = await db.$queryRawUnsafe<{ id: number }[]>(
    `SELECT v.id FROM ${VM_FROM} WHERE ${where} ORDER BY ${orderBy}`,
    ...args,
  );
  return rows.map((r) => r.id);
}

async function vmApiIds(query: string): Promise<number[]> {
  const res = await call<Page<{ id: number }>>(vmList.GET, `/virtual-machines/?limit=0&${query}`, {
    token: viewer.readToken,
  });
  if (res.status !== 200) throw new Error(`${query}: ${res.status} ${res.text}`);
  return res.body.results.map((r) => r.id);
}

/** The /virtual-machines page: the URL's parameters as the page reads them, then the service it calls. */
async function vmPageIds(query: string): Promise<number[]> {
  const params: SearchParams = {};
  for (const [key, value] of new URLSearchParams(query)) {
    const seen = params[key];
    params[key] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  const input = listInputFromSearchParams(VM_FILTER_FIELDS_NO_OPTIONS, { ...params, limit: "1000" });
  const page = await listVirtualMachines(input);
  expect(page.errors, query).toEqual({});
  return page.rows.map((r) => r.id);
}

describe("virtual machines: one filterset for REST, tRPC and the page", () => {
  beforeAll(async () => {
    await enrichVms();
    buildVmCases();
  });

  it.each(VM_GROUPS)("REST %s equals hand-written SQL, every lookup", async (name) => {
    const mine = vmCases.filter((c) => c.group === name);
    expect(mine.length).toBeGreaterThan(0);
    for (const c of mine) {
      expect(sorted(await vmApiIds(c.query)), c.query).toEqual(await vmSqlIds(c.where, c.args));
    }
  });

  it("covers enough discriminating cases to mean something", async () => {
    expect(vmCases.length).toBeGreaterThan(250);
    expect(new Set(vmCases.map((c) => c.group))).toEqual(new Set(VM_GROUPS));
    const total = (await vmSqlIds("TRUE", [])).length;
    let nonTrivial = 0;
    for (const c of vmCases) {
      const n = (await vmSqlIds(c.where, c.args)).length;
      if (n > 0 && n < total) nonTrivial++;
    }
    expect(nonTrivial).toBeGreaterThan(vmCases.length * 0.6);
  });

  it("orders by endpoint and VMID by default, and as the SQL does otherwise", async () => {
    const orderings: [string, string][] = [
      ["", VM_DEFAULT_ORDER],
      ["nonsense", VM_DEFAULT_ORDER],
      ["name", "v.name, v.id"],
      ["-replication_count,vmid", "coalesce(rc.jobs, 0) DESC, v.vmid, v.id"],
      ["node,-vmid", "n.name, v.vmid DESC, v.id"],
      ["node_name,pool", "v.node_name, v.pool, v.id"],
      ["type,-name", "CASE v.type WHEN 'lxc' THEN 0 ELSE 1 END, v.name DESC, v.id"],
      ["-endpoint,nonsense,template,-last_updated", "ep.name DESC, v.template, v.last_updated DESC, v.id"],
    ];
    for (const [ordering, orderBy] of orderings) {
      expect(await vmApiIds(`ordering=${q(ordering)}`), ordering).toEqual(
        await vmSqlIds("TRUE", [], orderBy),
      );
    }
  });

  it("reads node=<name> as the node relation in every door, node_name as the reported text", async () => {
    const caller = viewerCaller();
    const linked = await vmSqlIds("n.name = 'pve1'", [], VM_DEFAULT_ORDER);
    const reported = await vmSqlIds("v.node_name = 'pve1'", [], VM_DEFAULT_ORDER);
    // WEB-02 says pve1 but is linked to no node row: the two filters must disagree on it.
    expect(reported.filter((id) => !linked.includes(id))).toEqual([fx.vmIds[2]]);
    for (const [query, expected] of [
      ["node=pve1", linked],
      ["node_name=pve1", reported],
    ] as const) {
      expect(await vmApiIds(query), `REST ${query}`).toEqual(expected);
      expect((await caller.virtualMachines.list({ query, limit: 1000 })).rows.map((r) => r.id)).toEqual(
        expected,
      );
      expect(await vmPageIds(query), `page ${query}`).toEqual(expected);
    }
  });

  it("return the same ids in the same order through REST, tRPC and the page", async () => {
    const caller = viewerCaller();
    const queries = [
      "",
      "type=lxc&ordering=-vmid",
      "node=pve1&node=pve3&ordering=node",
      `node_id=${(await db.proxmoxNode.findFirstOrThrow({ where: { name: "pve3" } })).id}`,
      "node_name__ic=pve&node_name__n=pve2",
      "q=prod&ordering=-replication_count",
      "replication_count__gte=4&template=false",
      `endpoint_id=${fx.endpoints.beta}&status__n=stopped&ordering=name`,
      "tags__empty=true&ordering=-name",
      "pool__isw=pro&vmid__lt=1000",
    ];
    for (const query of queries) {
      const viaTrpc = await caller.virtualMachines.list({ query, limit: 1000 });
      expect(viaTrpc.errors, query).toEqual({});
      const rest = await vmApiIds(query);
      expect(rest.length, query).toBeGreaterThan(0);
      expect(
        viaTrpc.rows.map((r) => r.id),
        `tRPC ${query}`,
      ).toEqual(rest);
      expect(await vmPageIds(query), `page ${query}`).toEqual(rest);
    }
  });

  it("answers 400 in the API and drops the parameter in the UI for invalid values", async () => {
    const bad: [string, Record<string, string[]>][] = [
      ["node=nope", { node: ["Select a valid choice. nope is not one of the available choices."] }],
      ["node_id=abc", { node_id: ["“abc” is not a valid value."] }],
      ["replication_count__gt=many", { replication_count__gt: ["Enter a whole number."] }],
      ["type=vm", { type: ["Select a valid choice. vm is not one of the available choices."] }],
    ];
    for (const [query, body] of bad) {
      const res = await call(vmList.GET, `/virtual-machines/?${query}`, { token: viewer.readToken });
      expect(res.status, query).toBe(400);
      expect(res.body, query).toEqual(body);
    }
    const ui = await listVirtualMachines({ query: "node=nope&type=lxc", limit: 1000 });
    expect(ui.errors).toEqual({
      node: ["Select a valid choice. nope is not one of the available choices."],
    });
    expect(sorted(ui.rows.map((r) => r.id))).toEqual(await vmSqlIds("v.type = 'lxc'", []));
  });
});
