import { lastValue, type QueryParams } from "@/server/filters";

// NetBox's limit/offset pagination (netbox/api/pagination.py over DRF's LimitOffsetPagination),
// including how DRF rebuilds the next/previous links: every parameter re-encoded, sorted by key.

export const PAGINATE_COUNT = 50;
export const MAX_PAGE_SIZE = 1000;

export interface Page {
  limit: number;
  offset: bigint;
}

/** Python int(): optional spaces and sign, digits (single underscores between digits allowed). */
function pythonInt(raw: string | undefined): bigint | null {
  const text = raw?.trim();
  if (!text || !/^[+-]?\d+(_\d+)*$/.test(text)) return null;
  return BigInt(text.replace(/_/g, ""));
}

export function pageOf(params: QueryParams): Page {
  const limit = pythonInt(lastValue(params, "limit"));
  const offset = pythonInt(lastValue(params, "offset"));
  let effective = Math.min(PAGINATE_COUNT, MAX_PAGE_SIZE);
  if (limit !== null && limit >= 0n)
    effective = limit === 0n || limit > BigInt(MAX_PAGE_SIZE) ? MAX_PAGE_SIZE : Number(limit);
  return { limit: effective, offset: offset !== null && offset > 0n ? offset : 0n };
}

/** SQL-safe offset: beyond any possible row count, the page is simply empty. */
export function sqlOffset(page: Page): number {
  return page.offset > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(page.offset);
}

/** Python's urllib.parse.quote_plus: UTF-8, unreserved `A-Za-z0-9_.-~` kept, space as `+`. */
export function quotePlus(text: string): string {
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9_.~-]/.test(c)) out += c;
    else if (byte === 0x20) out += "+";
    else out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** Python sorts str by code point; JS `<` compares UTF-16 units, which differs above U+FFFF. */
function byCodePoint(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i].codePointAt(0) ?? 0) - (y[i].codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** rest_framework.utils.urls.replace_query_param / remove_query_param. */
export function withQueryParam(url: string, key: string, value: string | null): string {
  const parsed = new URL(url);
  const groups = new Map<string, string[]>();
  for (const [k, v] of new URLSearchParams(parsed.search)) groups.set(k, [...(groups.get(k) ?? []), v]);
  if (value === null) groups.delete(key);
  else groups.set(key, [value]);
  const query = [...groups.entries()]
    .sort(([a], [b]) => byCodePoint(a, b))
    .flatMap(([k, vs]) => vs.map((v) => `${quotePlus(k)}=${quotePlus(v)}`))
    .join("&");
  return `${parsed.origin}${parsed.pathname}${query ? `?${query}` : ""}`;
}

export interface Paginated<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export function paginate<T>(absoluteUrl: string, page: Page, count: number, results: T[]): Paginated<T> {
  const limit = BigInt(page.limit);
  const withLimit = withQueryParam(absoluteUrl, "limit", String(page.limit));
  const next =
    page.offset + limit >= BigInt(count)
      ? null
      : withQueryParam(withLimit, "offset", String(page.offset + limit));
  let previous: string | null = null;
  if (page.offset > 0n) {
    previous =
      page.offset - limit <= 0n
        ? withQueryParam(withLimit, "offset", null)
        : withQueryParam(withLimit, "offset", String(page.offset - limit));
  }
  return { count, next, previous, results };
}
