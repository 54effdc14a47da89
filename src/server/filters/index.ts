// The NetBox filterset engine: one query-string language for the REST API, tRPC and the UI.

export { columnsOf } from "./builders";
export { type CompiledFilter, compileFilters, resolveParameter } from "./compile";
export { lookupsFor } from "./lookups";
export { compileOrdering, orderingTerms } from "./ordering";
export { own } from "./own";
export { type FilteredPage, filterPage, filterPageRows, type ListInput, listInput, listPage } from "./page";
export {
  lastValue,
  MAX_QUERY_PARAMETERS,
  parseQuery,
  type QueryParams,
  RESERVED_PARAMETERS,
  TooManyParametersError,
} from "./query-string";
export type { RawClient } from "./relations";
export { inIdOrder, type RowSource, selectIds } from "./run";
export type * from "./types";
export { escapeLike, MESSAGES } from "./values";
