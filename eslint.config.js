// ESLint flat config: the boundaries of the codebase (docs/architecture.md, "What may import what").
// Only import rules here; the compiler (strict TypeScript) does the rest. Checked by
// scripts/architecture/lint-rules.unit.spec.ts, which plants one violation of each rule.
import tseslint from 'typescript-eslint';

const SERVICES = ['intake', 'router', 'workflow', 'sla', 'stats'];
const DEPLOYABLES = [...SERVICES.map((s) => `@cw/${s}`), '@cw/gateway'];
/** Packages that talk to the outside world: never in the pure core. */
const INFRASTRUCTURE = ['kafkajs', 'mongoose', 'mongodb', 'ioredis', 'bullmq', 'express', 'socket.io', 'pino', '@cw/platform'];

const deployables = {
  // By package name, or by a relative path into another deployable's folder (`../../workflow/src/…`).
  group: [...DEPLOYABLES, ...DEPLOYABLES.map((d) => `${d}/*`), ...[...SERVICES, 'gateway'].flatMap((d) => [`**/${d}/src/**`, `**/${d}/dist/**`])],
  message: 'a deployable (a service or the gateway) is not a library: share code through shared/ packages',
};
const infrastructure = (what) => ({
  group: [...INFRASTRUCTURE, ...INFRASTRUCTURE.map((p) => `${p}/*`)],
  message: `${what} loads no infrastructure (Kafka, the store, Redis, HTTP, logging): take it as a parameter or move the I/O to the service's handlers/ or persistence/`,
});

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.cache/**', '.data/**', 'gateway/public/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' },
    // Registered (no rules of it on) so that disable comments naming its rules stay valid.
    plugins: { '@typescript-eslint': tseslint.plugin },
  },
  // A service imports no other service and not the gateway; shared packages import no deployable.
  { files: ['services/**/*.ts', 'shared/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [deployables] }] } },
  // The gateway is a deployable too: it reads services' collections through @cw/contracts, not their code.
  {
    files: ['gateway/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ ...deployables, group: deployables.group.filter((g) => !g.includes('gateway')) }] }] },
  },
  // Contracts, the calendar, the errors and the routing rules are the pure core shared by all
// (routing's rules-source.ts and default-config.ts read files: its I/O edge).
  {
    files: [
      'shared/contracts/src/**/*.ts', 'shared/calendar/src/**/*.ts', 'shared/errors/src/**/*.ts',
      'shared/routing/src/{router,text,schema,types}.ts',
    ],
    ignores: ['**/*.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [deployables, infrastructure('shared core code')] }] },
  },
  // Domain code is pure: no Node built-ins (files, network, clocks by module), no infrastructure.
  {
    files: ['services/*/src/domain/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [deployables, infrastructure('domain code'), { group: ['node:*', 'fs', 'path', 'os', 'http', 'https', 'net', 'child_process', 'crypto'], message: 'domain code is pure: no Node built-ins' }],
      }],
    },
  },
  { files: ['shared/errors/src/**/*.ts'], rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['*'], message: '@cw/errors has no dependencies' }] }] } },
);
