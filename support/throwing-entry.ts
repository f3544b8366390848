import { withMappedStacks } from '#runtime/mapped-stacks';

// A Lambda entry point whose handler fails, for the bundle test of stacks mapped to the sources.
function failDeepInside(): never {
  throw new Error('failed inside the handler');
}

export const handler = withMappedStacks(async () => failDeepInside());
