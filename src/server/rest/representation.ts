import { lastValue, own, type QueryParams } from "@/server/filters";

// NetBox's representation rules: ISO timestamps, choices as {value, label}, absolute URLs, and the
// ?fields= / ?omit= / ?brief= selection (fields > omit > brief; brief on GET only).

export interface Choice<T extends string = string> {
  value: T;
  label: string;
}

export function choice<T extends string>(labels: Record<string, string>, value: T): Choice<T>;
export function choice<T extends string>(labels: Record<string, string>, value: T | null): Choice<T> | null;
export function choice<T extends string>(labels: Record<string, string>, value: T | null): Choice<T> | null {
  if (value === null || value === "") return null;
  return { value, label: own(labels, value) ?? value };
}

/** Python's isoformat() with DRF's "Z": microseconds only when non-zero ("…:00Z", "…:00.123000Z"). */
export function isoDateTime(date: Date): string;
export function isoDateTime(date: Date | null): string | null;
export function isoDateTime(date: Date | null): string | null {
  if (!date) return null;
  const iso = date.toISOString();
  return date.getUTCMilliseconds() === 0 ? iso.replace(/\.\d{3}Z$/, "Z") : iso.replace(/Z$/, "000Z");
}

/** NetBox 4.6's weak ETag from last_updated (Python isoformat, +00:00 offset). */
export function etagOf(lastUpdated: Date): string {
  return `W/"${(isoDateTime(lastUpdated) ?? "").replace(/Z$/, "+00:00")}"`;
}

export interface FieldSelection {
  fields?: string[];
  omit?: string[];
  brief: boolean;
}

export function fieldSelection(params: QueryParams, method: string): FieldSelection {
  const split = (v: string | undefined) =>
    v
      ? v
          .split(",")
          .map((f) => f.trim())
          .filter(Boolean)
      : undefined;
  const fields = split(lastValue(params, "fields"));
  if (fields) return { fields, brief: false };
  const omit = split(lastValue(params, "omit"));
  if (omit) return { omit, brief: false };
  // Any non-empty value turns brief on, even "false" (BaseViewSet.initialize_request).
  return { brief: method === "GET" && !!lastValue(params, "brief") };
}

/** Keeps the serializer's declared field order, as DRF's field filtering does. */
export function applySelection(
  obj: Record<string, unknown>,
  selection: FieldSelection,
  briefFields: readonly string[],
): Record<string, unknown> {
  let keep: (key: string) => boolean = () => true;
  if (selection.fields) keep = (k) => selection.fields!.includes(k);
  else if (selection.omit) keep = (k) => !selection.omit!.includes(k);
  else if (selection.brief) keep = (k) => briefFields.includes(k);
  return Object.fromEntries(Object.entries(obj).filter(([k]) => keep(k)));
}
