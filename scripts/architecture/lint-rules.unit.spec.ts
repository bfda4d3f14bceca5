import { expect } from 'chai';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Lints `code` as if it were the file at `file` (nothing is written), with the repository's config. */
async function violations(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

/** One planted violation per rule of eslint.config.js, and a lawful import beside each. */
const PLANTED: { rule: string; file: string; bad: string; good: string }[] = [
  { rule: 'domain code loads no infrastructure', file: 'services/workflow/src/domain/planted.ts', bad: "import { Kafka } from 'kafkajs';", good: "import { CATEGORY_CODES } from '@cw/contracts';" },
  { rule: 'domain code does not load the platform barrel', file: 'services/stats/src/domain/planted.ts', bad: "import { AppError } from '@cw/platform';", good: "import { AppError } from '@cw/errors';" },
  { rule: 'domain code uses no Node built-ins', file: 'services/sla/src/domain/planted.ts', bad: "import { readFileSync } from 'node:fs';", good: "import { addWorkingDays } from '@cw/calendar';" },
  { rule: 'a service imports no other service', file: 'services/sla/src/handlers/planted.ts', bad: "import { startStats } from '@cw/stats';", good: "import { startConsumer } from '@cw/platform';" },
  { rule: 'a service imports no other service by path', file: 'services/router/src/planted.ts', bad: "import { x } from '../../workflow/src/domain/decide.js';", good: "import { x } from './handlers/case-registered.handler.js';" },
  { rule: 'a service does not import the gateway', file: 'services/intake/src/planted.ts', bad: "import { startGateway } from '@cw/gateway';", good: "import { topicNames } from '@cw/contracts';" },
  { rule: 'the gateway imports no service', file: 'gateway/src/planted.ts', bad: "import { rebuildStats } from '@cw/stats';", good: "import { COLLECTIONS } from '@cw/contracts';" },
  { rule: 'a shared package imports no deployable', file: 'shared/platform/src/planted.ts', bad: "import { startIntake } from '@cw/intake';", good: "import { Kafka } from 'kafkajs';" },
  { rule: 'contracts load no infrastructure', file: 'shared/contracts/src/planted.ts', bad: "import mongoose from 'mongoose';", good: "import { Type } from '@sinclair/typebox';" },
  { rule: 'the calendar loads no infrastructure', file: 'shared/calendar/src/planted.ts', bad: "import { Redis } from 'ioredis';", good: "import { isWorkingDay } from './calendar.js';" },
  { rule: 'the routing rules load no infrastructure', file: 'shared/routing/src/router.ts', bad: "import express from 'express';", good: "import { CATEGORY_CODES } from './types.js';" },
  { rule: '@cw/errors has no dependencies', file: 'shared/errors/src/planted.ts', bad: "import { Type } from '@sinclair/typebox';", good: 'export const x = 1;' },
];

describe('architecture: the lint rules of eslint.config.js catch what they forbid', function () {
  this.timeout(60_000);
  for (const p of PLANTED) {
    it(`${p.rule} (${p.file})`, async () => {
      const bad = await violations(p.file, `${p.bad}\nexport {};\n`);
      expect(bad, p.bad).to.have.length(1);
      expect(bad[0]).to.match(/^no-restricted-imports: /);
      expect(await violations(p.file, `${p.good}\nexport {};\n`), p.good).to.deep.equal([]);
    });
  }
});
