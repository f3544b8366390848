#!/usr/bin/env node
// The operators' command. It runs the TypeScript CLI through tsx, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
await import('../functions/cli/tandem.ts');
