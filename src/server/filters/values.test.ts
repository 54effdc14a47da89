import { describe, expect, it } from "vitest";
import { replicationFilterSet as def } from "@/server/replications/filterset";
import { resolveParameter } from "./compile";
import { orderingTerms } from "./ordering";
import { parseQuery, TooManyParametersError } from "./query-string";
import { parseBoolean, parseDateTime, parseFloatValue, parseInteger, parseString, parseUuid } from "./values";

// The pure parts of the filter engine: Django's value parsing and messages, parameter resolution.

describe("value parsing (Django form fields)", () => {
  it("reads integers as IntegerField does", () => {
    expect(parseInteger(" 42 ")).toEqual({ ok: true, value: 42 });
    expect(parseInteger("5.0")).toEqual({ ok: true, value: 5 });
    expect(parseInteger("1_000")).toEqual({ ok: true, value: 1000 });
    expect(parseInteger("99999999999999999999")).toEqual({
      ok: true,
      value: { numeric: "99999999999999999999" },
    });
    for (const bad of ["1.5", "abc", "0x10", "1e3", "", "--1"])
      expect(parseInteger(bad)).toEqual({ ok: false, error: "Enter a whole number." });
  });

  it("reads floats as FloatField does, finite only", () => {
    expect(parseFloatValue("12.5")).toEqual({ ok: true, value: 12.5 });
    expect(parseFloatValue(".5")).toEqual({ ok: true, value: 0.5 });
    expect(parseFloatValue("1e3")).toEqual({ ok: true, value: 1000 });
    for (const bad of ["1e400", "NaN", "Infinity", "0x10", "abc", ""])
      expect(parseFloatValue(bad).ok).toBe(false);
  });

  it("reads ISO and US date/times, naive as UTC, offsets converted", () => {
    const stamp = (raw: string) => {
      const r = parseDateTime(raw);
      return r.ok ? r.value.timestamp : r.error;
    };
    expect(stamp("2026-01-05")).toBe("2026-01-05 00:00:00.000000");
    expect(stamp("2026-01-05T12:00:00+02:00")).toBe("2026-01-05 10:00:00.000000");
    expect(stamp("2026-01-05 23:30:00.123456-01:00")).toBe("2026-01-06 00:30:00.123456");
    expect(stamp("01/05/2026 10:00")).toBe("2026-01-05 10:00:00.000000");
    expect(stamp("2024-02-29")).toBe("2024-02-29 00:00:00.000000");
    for (const bad of [
      "2026-02-29",
      "2026-13-01",
      "2026-01-01T24:00",
      "0000-01-01",
      "0001-01-01T00:00+01:00",
      "yesterday",
    ]) {
      expect(stamp(bad)).toBe("Enter a valid date/time.");
    }
  });

  it("reads booleans like NetBox's NullBooleanSelect and refuses the rest", () => {
    expect(parseBoolean("True")).toEqual({ ok: true, value: true });
    expect(parseBoolean("false")).toEqual({ ok: true, value: false });
    expect(parseBoolean("1")).toEqual({ ok: false, error: "“1” value must be either True or False." });
  });

  it("reads UUIDs in Python's accepted spellings and refuses NUL in text", () => {
    const id = "0f8fad5b-d9cb-469f-a165-70867728950e";
    expect(parseUuid(id.toUpperCase().replace(/-/g, ""))).toEqual({ ok: true, value: id });
    expect(parseUuid(`{${id}}`)).toEqual({ ok: true, value: id });
    expect(parseUuid("nope").ok).toBe(false);
    expect(parseString("a\u0000b")).toEqual({ ok: false, error: "Null characters are not allowed." });
  });
});

describe("parameter resolution", () => {
  it("maps names and lookup suffixes to filters, and nothing else", () => {
    expect(resolveParameter(def, "target__ic")).toMatchObject({ type: "scalar", lookup: "ic" });
    expect(resolveParameter(def, "guest__gte")).toMatchObject({ type: "scalar", lookup: "gte" });
    expect(resolveParameter(def, "virtual_machine_id__n")).toEqual({
      type: "relation",
      name: "virtual_machine",
      by: "id",
      negated: true,
    });
    expect(resolveParameter(def, "endpoint")).toEqual({
      type: "relation",
      name: "endpoint",
      by: "name",
      negated: false,
    });
    for (const ignored of [
      "guest__ic",
      "target__gt",
      "disable__n",
      "guest__exact",
      "toString",
      "constructor",
      "__proto__",
      "limit",
      "x__n",
    ]) {
      expect(resolveParameter(def, ignored), ignored).toBeNull();
    }
  });

  it("keeps whitelisted ordering terms only", () => {
    expect(orderingTerms(def, " -guest , nonsense,constructor,toString,--id,virtual_machine")).toEqual([
      "-guest",
      "virtual_machine",
    ]);
    expect(orderingTerms(def, "nonsense")).toEqual(["endpoint", "replication_id"]);
  });

  it("parses query strings as Django's QueryDict does, with a parameter cap", () => {
    expect([...parseQuery("?a=1&a=2&b=&c&d=x+y%20z")]).toEqual([
      ["a", ["1", "2"]],
      ["b", [""]],
      ["c", [""]],
      ["d", ["x y z"]],
    ]);
    expect(() => parseQuery("a=1&".repeat(1001))).toThrow(TooManyParametersError);
  });
});
