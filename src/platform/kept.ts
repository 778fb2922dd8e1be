/**
 * Results kept by a key that names everything they are made from, at most
 * `limit` of them, oldest dropped first: what a long-lived process (the build
 * server, a worker, watch mode) reuses from one build to the next. Callers
 * only read what they get back.
 */
export interface Kept<V> {
  /** The value kept for `key`, else `make()`'s, kept from now on. */
  get(key: string, make: () => V): V;
  /** Forgets `key`: what was made for it is not to be reused. */
  drop(key: string): void;
}

export function kept<V>(limit: number): Kept<V> {
  const values = new Map<string, V>();
  return {
    get(key, make) {
      if (values.has(key)) return values.get(key) as V;
      const value = make();
      if (values.size >= limit) values.delete(values.keys().next().value as string);
      values.set(key, value);
      return value;
    },
    drop(key) {
      values.delete(key);
    },
  };
}
