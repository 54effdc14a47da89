import { type FilterField, type FilterParam, filterParamKeys } from "./filters";

// The pure half of the table's URL state, shared by the client hook (url-state.ts) and server pages
// that read the same URL to load the first page before the browser asks.

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 1000;

/** The query string the server gets: filters, q and ordering (paging travels separately). */
export function buildQueryString(params: FilterParam[], q: string, ordering: string, fixed?: string): string {
  const search = new URLSearchParams(fixed ?? "");
  for (const p of params) search.append(p.key, p.value);
  if (q.trim()) search.set("q", q.trim());
  if (ordering) search.set("ordering", ordering);
  return search.toString();
}

export type SearchParams = Record<string, string | string[] | undefined>;

/** A server page's searchParams → the same list input the client hook derives from the URL. */
export function listInputFromSearchParams(
  fields: readonly FilterField[],
  params: SearchParams,
  fixed?: string,
): { query: string; limit: number; offset: number } {
  const all = (key: string) => {
    const v = params[key];
    return (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x) => x !== "");
  };
  const one = (key: string) => all(key).at(-1) ?? "";
  const filters = filterParamKeys(fields).flatMap((key) => all(key).map((value) => ({ key, value })));
  const int = (key: string, fallback: number) => {
    const n = Number.parseInt(one(key), 10);
    return Number.isFinite(n) ? n : fallback;
  };
  return {
    query: buildQueryString(filters, one("q"), one("ordering"), fixed),
    limit: Math.min(MAX_LIMIT, Math.max(1, int("limit", DEFAULT_LIMIT) || DEFAULT_LIMIT)),
    offset: Math.max(0, int("offset", 0)),
  };
}
