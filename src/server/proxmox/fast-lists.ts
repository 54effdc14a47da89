import type { z } from "zod";
import { endpointSchemas } from "./schemas";

// Fast paths for the three lists that grow with the cluster: /cluster/replication, /cluster/resources
// ?type=vm and /nodes/{node}/replication (100,000 jobs and 62,500 guests in one cluster). zod spent
// ~1 s per 100,000 items on them and made three short-lived copies of every item, a quarter of a large
// sync's time going to garbage collection (issue 11, measured with --cpu-prof). Each checker below
// accepts only a SUBSET of what its zod schema accepts and returns exactly what zod would (same keys,
// same 0/1 → boolean transforms, unknown keys kept, `raw` = the item as received). At the first doubt
// it returns undefined and the caller runs the zod schema instead, so a malformed answer is rejected
// with the very same ProxmoxMalformedError text as before.

type Item = Record<string, unknown>;
type Check = (v: unknown) => boolean;
/** A field check; `bool` marks a pveBoolean (0/1/true/false → boolean). */
type Field = { check: Check; optional: boolean; bool?: true };

const isString: Check = (v) => typeof v === "string";
const isNumber: Check = (v) => typeof v === "number" && Number.isFinite(v);
const isInt: Check = (v) => Number.isSafeInteger(v);
const isPveBool: Check = (v) => v === true || v === false || v === 0 || v === 1;
const oneOf =
  (...values: string[]): Check =>
  (v) =>
    typeof v === "string" && values.includes(v);

const req = (check: Check): Field => ({ check, optional: false });
const opt = (check: Check): Field => ({ check, optional: true });
const optBool: Field = { check: isPveBool, optional: true, bool: true };

const replicationConfig: Record<string, Field> = {
  id: req(isString),
  type: req(isString),
  guest: req(isInt),
  jobnum: req(isInt),
  target: req(isString),
  source: opt(isString),
  schedule: opt(isString),
  rate: opt(isNumber),
  comment: opt(isString),
  disable: optBool,
  remove_job: opt(oneOf("local", "full")),
};

const nodeReplication: Record<string, Field> = {
  ...replicationConfig,
  vmtype: req(isString),
  next_sync: req(isInt),
  last_sync: req(isInt),
  last_try: req(isInt),
  fail_count: req(isInt),
  duration: opt(isNumber),
  error: opt(isString),
  pid: opt(isInt),
};

const resourceVm: Record<string, Field> = {
  id: req(isString),
  type: req(oneOf("qemu", "lxc")),
  vmid: req(isInt),
  node: req(isString),
  name: opt(isString),
  status: opt(isString),
  template: optBool,
  tags: opt(isString),
  pool: opt(isString),
  lock: opt(isString),
  hastate: opt(isString),
  uptime: opt(isNumber),
  maxcpu: opt(isNumber),
  maxmem: opt(isNumber),
  maxdisk: opt(isNumber),
};

const isPlainObject = (v: unknown): v is Item =>
  v !== null && typeof v === "object" && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** Compiles one item schema into a checker: the item as zod outputs it, or undefined to let zod decide. */
function itemParser(fields: Record<string, Field>, withRaw: boolean): (v: unknown) => Item | undefined {
  const names = Object.keys(fields);
  const specs = names.map((n) => fields[n]);
  const bools = names.filter((n) => fields[n].bool);
  return (v) => {
    if (!isPlainObject(v)) return undefined;
    for (let i = 0; i < names.length; i++) {
      const value = v[names[i]];
      if (value === undefined) {
        // JSON never yields undefined: absent. A key that is present (even as null) must pass its check.
        if (!specs[i].optional || Object.hasOwn(v, names[i])) return undefined;
      } else if (!specs[i].check(value)) return undefined;
    }
    // Keys zod treats specially, or that a plain copy would not copy as data.
    if (Object.hasOwn(v, "__proto__") || (withRaw && Object.hasOwn(v, "__raw"))) return undefined;
    if (!withRaw) {
      // The parsed JSON item is referenced nowhere else: convert its 0/1 flags in place (zod would copy).
      for (const b of bools) if (typeof v[b] === "number") v[b] = v[b] === 1;
      return v;
    }
    // zod keeps the received item as `raw` and returns a copy with the flags converted.
    const out: Item = { ...v };
    for (const b of bools) if (typeof out[b] === "number") out[b] = out[b] === 1;
    out.raw = v;
    return out;
  };
}

/** `{ data: [item…] }` with every item checked; undefined (→ zod) if the envelope or any item is off. */
function listParser(item: (v: unknown) => Item | undefined): (json: unknown) => unknown {
  return (json) => {
    if (!isPlainObject(json) || !Array.isArray(json.data)) return undefined;
    const data = json.data as unknown[];
    const out = new Array<Item>(data.length);
    for (let i = 0; i < data.length; i++) {
      const parsed = item(data[i]);
      if (!parsed) return undefined;
      out[i] = parsed;
    }
    return { ...json, data: out };
  };
}

const fastParsers = new Map<z.ZodType, (json: unknown) => unknown>([
  [endpointSchemas.clusterReplication, listParser(itemParser(replicationConfig, true))],
  [endpointSchemas.nodeReplication, listParser(itemParser(nodeReplication, true))],
  [endpointSchemas.resourcesVm, listParser(itemParser(resourceVm, false))],
]);

/** The fast checker standing in for this envelope schema, if it has one. */
export function fastParserFor(schema: z.ZodType): ((json: unknown) => unknown) | undefined {
  return fastParsers.get(schema);
}
