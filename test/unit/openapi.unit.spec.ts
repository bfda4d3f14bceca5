/**
 * The OpenAPI document: valid OpenAPI 3.1 (the specification's own JSON Schema), one operation per
 * policy-table entry and nothing else (the authz-matrix e2e ties the policy table to the mounted
 * routes and reads the served document), every authenticated operation with its security and
 * problem+json errors, and the request bodies are the schemas the gateway validates with.
 */
import { expect } from 'chai';
import { Validator } from '@seriousme/openapi-schema-validator';
import { IntakeRecord12315, PUBLIC_COMMANDS } from '@cw/contracts';
import { POLICY } from '../../gateway/src/auth/policy.js';
import { documentedEntries, openApiDocument, openApiPath } from '../../gateway/src/openapi/document.js';

type Json = Record<string, any>;
const doc = openApiDocument('0.0.0-test') as Json;
const operations = Object.entries(doc.paths as Json).flatMap(([p, ops]) => Object.entries(ops as Json).map(([m, op]) => ({ key: `${m.toUpperCase()} ${p}`, op: op as Json })));

describe('OpenAPI document', () => {
  it('validates against the OpenAPI 3.1 schema', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 1)).to.deep.equal([]);
    expect(result.valid).to.equal(true);
    expect(validator.version).to.equal('3.1');
  });

  it('has exactly one operation per policy entry (plus /healthz and /metrics)', () => {
    const expected = documentedEntries().map((e) => `${e.method === 'ALL' ? 'GET' : e.method} ${openApiPath(e.path).path}`).sort();
    expect(operations.map((o) => o.key).sort()).to.deep.equal(expected);
    expect(POLICY.length + 2).to.equal(operations.length);
  });

  it('gives every authenticated operation its security, roles and 401/403 problems; public ones none', () => {
    for (const entry of POLICY) {
      const { op } = operations.find((o) => o.key === `${entry.method === 'ALL' ? 'GET' : entry.method} ${openApiPath(entry.path).path}`)!;
      if (entry.allow === 'public') {
        expect(op.security, entry.path).to.deep.equal([]);
      } else {
        expect(op.security, entry.path).to.deep.equal([{ session: [] }, { apiKey: [] }]);
        expect(op['x-roles'], entry.path).to.deep.equal([...entry.allow]);
        for (const s of ['401', '403']) expect(op.responses[s].content, `${entry.path} ${s}`).to.have.property('application/problem+json');
      }
      expect(op.summary, entry.path).to.match(/[\u4e00-\u9fff]/);
    }
  });

  it('documents path parameters and the query parameters the routes accept', () => {
    const cases = operations.find((o) => o.key === 'GET /api/v1/cases/{caseId}')!.op;
    expect(cases.parameters.map((p: Json) => `${p.in}:${p.name}`)).to.deep.equal(['path:caseId']);
    const list = operations.find((o) => o.key === 'GET /api/v1/cases')!.op;
    expect(list.parameters.map((p: Json) => p.name)).to.include.members(['district', 'status', 'page', 'pageSize']);
  });

  it('uses the validating schemas for request bodies, with a Chinese example', () => {
    const intake = operations.find((o) => o.key === 'POST /api/v1/intake/12315')!.op;
    expect(intake.requestBody.content['application/json'].schema).to.deep.equal({ $ref: '#/components/schemas/IntakeRecord12315' });
    expect(doc.components.schemas.IntakeRecord12315.required).to.deep.equal(IntakeRecord12315.required);
    expect(JSON.stringify(intake.requestBody.content['application/json'].example)).to.match(/[\u4e00-\u9fff]/);
    const commands = doc.components.schemas.CaseCommandRequest.oneOf as Json[];
    expect(commands.map((c) => c.title)).to.deep.equal([...PUBLIC_COMMANDS]);
    for (const c of commands) expect(JSON.stringify(c)).to.contain('"expectedVersion"');
  });
});
