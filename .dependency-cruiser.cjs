/**
 * Tandem's import rules (docs/architecture.md), checked by `npm test`:
 * config ← domain (rules) ← templates (wording) ← workflows ← handlers ← lambda/local/cli,
 * with adapters implementing the ports and runtime/ the one place that wires them.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles anywhere.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-rules',
      severity: 'error',
      comment:
        'functions/domain holds rules only (types, transitions, cadence, validation): it imports nothing of the project but functions/config.',
      from: { path: '^functions/domain/' },
      to: { path: '^(functions/(?!domain/|config/)|templates/|infra/|test/|bench/|e2e/|scripts/)' },
    },
    {
      name: 'config-is-the-ground',
      severity: 'error',
      comment: 'functions/config imports nothing of the project but itself.',
      from: { path: '^functions/config/' },
      to: { path: '^(functions/(?!config/)|templates/|infra/)' },
    },
    {
      name: 'templates-read-the-domain',
      severity: 'error',
      comment:
        'Templates decide wording from domain types and config; they never reach workflows, adapters or handlers.',
      from: { path: '^templates/' },
      to: { path: '^(functions/(?!domain/|config/)|infra/)' },
    },
    {
      name: 'only-workflows-and-handlers-render',
      severity: 'error',
      comment: 'Only workflows, handlers and the runtime wiring import templates.',
      from: { path: '^functions/(domain|config|adapters)/' },
      to: { path: '^templates/' },
    },
    {
      name: 'infra-uses-no-adapters',
      severity: 'error',
      comment:
        'infra/ takes shared constants from functions/config, never adapters (synth must not load AWS clients).',
      from: { path: '^infra/' },
      to: { path: '^functions/(adapters|handlers|runtime|workflows|local|lambda|cli)/' },
    },
    {
      name: 'handlers-receive-ports',
      severity: 'error',
      comment:
        'Handlers and route modules name the ports they use (functions/handlers/ports.ts); the wiring in runtime/ is handed to them, never imported.',
      from: { path: '^functions/handlers/' },
      to: { path: '^functions/runtime/(?!loggable-error)' },
    },
    {
      name: 'bench-uses-no-tests',
      severity: 'error',
      comment: 'Code the tests and the benchmark share lives in support/, which both import.',
      from: { path: '^bench/' },
      to: { path: '^test/' },
    },
    {
      name: 'adapters-are-built-in-runtime',
      severity: 'error',
      comment:
        'Handlers and workflows receive ports; only runtime/ (and local/ for the emulators) builds adapters.',
      from: { path: '^functions/(handlers|workflows|domain)/' },
      to: { path: '^functions/adapters/', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.mjs', '.js', '.json'],
    },
  },
};
