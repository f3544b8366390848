/**
 * A value built on first use and kept: validation schemas are built this way, so a function
 * that never validates a hospital file or a form (the dispatcher, the outbox) does not spend its
 * cold start building them (zod builds each schema eagerly: ~40 ms for all of Tandem's).
 */
export function builtOnce<T>(build: () => T): () => T {
  let value: { built: T } | undefined;
  return () => {
    value ??= { built: build() };
    return value.built;
  };
}
