import { describe, expect, it } from "vitest";
import { pageWindow } from "@/components/ui/pagination";
import { orderingToSorting, sortingToOrdering } from "./columns";
import { type FilterField, filterParamKeys, lookupsOf, paramKey, pillText, resolveParam } from "./filters";
import { buildQueryString, listInputFromSearchParams } from "./query";

const fields: FilterField[] = [
  { key: "target", label: "Target", kind: "string" },
  { key: "rate", label: "Rate", kind: "float" },
  { key: "disable", label: "Disabled", kind: "boolean" },
  {
    key: "health",
    label: "Health",
    kind: "choice",
    options: [{ value: "error", label: "Error" }],
    lookups: ["exact", "n"],
  },
  { key: "endpoint_id", label: "Endpoint", kind: "relation", options: [{ value: "2", label: "pve-lab" }] },
];

describe("filter parameters", () => {
  it("derive NetBox's parameter names from kinds and lookups", () => {
    expect(lookupsOf(fields[0])).toContain("nisw");
    expect(lookupsOf(fields[1])).toEqual(["exact", "n", "gt", "gte", "lt", "lte", "empty"]);
    expect(lookupsOf(fields[2])).toEqual(["exact"]);
    expect(paramKey(fields[0], "ic")).toBe("target__ic");
    expect(paramKey(fields[0], "exact")).toBe("target");
    expect(filterParamKeys(fields)).toContain("endpoint_id__n");
    expect(filterParamKeys(fields)).not.toContain("health__ic");
  });

  it("read as pills", () => {
    const pill = (key: string, value: string) => {
      const r = resolveParam(fields, { key, value });
      if (!r) throw new Error(key);
      return pillText(r);
    };
    expect(pill("target__ic", "pve")).toBe("Target contains: pve");
    expect(pill("rate__gte", "10")).toBe("Rate at least: 10");
    expect(pill("health__n", "error")).toBe("Health is not: Error");
    expect(pill("endpoint_id", "2")).toBe("Endpoint is: pve-lab");
    expect(pill("disable", "true")).toBe("Disabled is: Yes");
    expect(pill("target__empty", "true")).toBe("Target is empty");
    expect(resolveParam(fields, { key: "nope", value: "1" })).toBeNull();
  });

  it("build the server's query string: fixed scope, repeated keys, q and ordering", () => {
    expect(
      buildQueryString(
        [
          { key: "health", value: "error" },
          { key: "health", value: "unknown" },
        ],
        " web ",
        "-last_sync,replication_id",
        "virtual_machine_id=7",
      ),
    ).toBe("virtual_machine_id=7&health=error&health=unknown&q=web&ordering=-last_sync%2Creplication_id");
  });
});

describe("ordering ↔ sorting", () => {
  const sortable = new Set(["target", "last_sync", "guest"]);
  it("round-trips and drops unknown or repeated terms", () => {
    const sorting = orderingToSorting(" -target, last_sync ,bogus,target", sortable);
    expect(sorting).toEqual([
      { id: "target", desc: true },
      { id: "last_sync", desc: false },
    ]);
    expect(sortingToOrdering(sorting)).toBe("-target,last_sync");
  });
});

describe("pageWindow", () => {
  it("shows first, last and current ±2 with gaps", () => {
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(5, 11)).toEqual([1, null, 3, 4, 5, 6, 7, null, 11]);
    expect(pageWindow(2, 4)).toEqual([1, 2, 3, 4]);
  });
});

describe("listInputFromSearchParams", () => {
  it("reads a server page's URL the way the client hook does", () => {
    expect(
      listInputFromSearchParams(
        fields,
        {
          health: ["error", "error"],
          target__ic: "pve",
          q: "web",
          ordering: "-rate",
          limit: "25",
          offset: "abc",
          bogus: "1",
        },
        "virtual_machine_id=3",
      ),
    ).toEqual({
      query: "virtual_machine_id=3&target__ic=pve&health=error&health=error&q=web&ordering=-rate",
      limit: 25,
      offset: 0,
    });
    expect(listInputFromSearchParams(fields, { limit: "0" })).toEqual({ query: "", limit: 50, offset: 0 });
    expect(listInputFromSearchParams(fields, { limit: "5000", offset: "-3" })).toEqual({
      query: "",
      limit: 1000,
      offset: 0,
    });
  });
});
