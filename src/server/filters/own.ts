// Lookups by request-supplied names must only see an object's own keys: `?toString=1` or
// `ordering=constructor` must not find Object.prototype's members.
export function own<T>(table: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return table !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}
