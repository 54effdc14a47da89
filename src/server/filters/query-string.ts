// A URL query string as Django's QueryDict sees it: keys in first-seen order, every value kept (repeated
// keys are how NetBox ORs values), blank values kept. WHATWG form decoding matches Python's parse_qsl
// (`+` is a space, bad percent escapes stay literal, invalid UTF-8 becomes U+FFFD).

export type QueryParams = ReadonlyMap<string, readonly string[]>;

/** Django's DATA_UPLOAD_MAX_NUMBER_FIELDS: more parameters than this is a 400, not a huge SQL statement. */
export const MAX_QUERY_PARAMETERS = 1000;

export class TooManyParametersError extends Error {
  constructor() {
    super("The number of GET/POST parameters exceeded settings.DATA_UPLOAD_MAX_NUMBER_FIELDS.");
    this.name = "TooManyParametersError";
  }
}

export function parseQuery(query: string | URLSearchParams): Map<string, string[]> {
  const search = typeof query === "string" ? new URLSearchParams(query.replace(/^\?/, "")) : query;
  const out = new Map<string, string[]>();
  let count = 0;
  for (const [key, value] of search) {
    count += 1;
    if (count > MAX_QUERY_PARAMETERS) throw new TooManyParametersError();
    const list = out.get(key);
    if (list) list.push(value);
    else out.set(key, [value]);
  }
  return out;
}

/** QueryDict.get(): the last value of a repeated key. */
export function lastValue(params: QueryParams, key: string): string | undefined {
  const values = params.get(key);
  return values && values.length > 0 ? values[values.length - 1] : undefined;
}

/** Parameters that steer the response rather than filter it (netbox-conventions §2.8). */
export const RESERVED_PARAMETERS = new Set([
  "limit",
  "offset",
  "start",
  "ordering",
  "sort",
  "brief",
  "fields",
  "omit",
  "format",
  "export",
  "exclude",
  "per_page",
  "page",
]);
