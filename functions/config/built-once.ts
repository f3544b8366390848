/**
 * A value built on first use and kept: validation schemas are built this way, so a function
 * that never validates a hospital file or a form (the dispatcher, the outbox) does not spend its
 * cold start building them (zod builds each schema eagerly: ~40 ms for all of Tandem's).
 * Mark each use with a `@__PURE__` comment, so that esbuild drops a schema, and zod with it, from a
 * bundle that never uses it.
 */
export function builtOnce<T>(build: () => T): () => T {
  let value: { built: T } | undefined;
  return () => {
    value ??= { built: build() };
    return value.built;
  };
}
