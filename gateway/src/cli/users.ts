/**
 * Users and API keys from the command line, straight against MongoDB (MONGO_URL):
 *
 *   npm run users -- add --username u --role mediator --districts 441502 --password p --name 张三 [--replace]
 *   npm run users -- list
 *   npm run users -- key --role operator --name 12345-bridge [--districts 441502]   (prints the key once)
 *   npm run users -- demo --password <p>   (one demo user per role; start.sh runs it)
 *
 * `add --replace` creates or overwrites (password, role, districts): start.sh seeds demo users so.
 */
import { parseArgs } from 'node:util';
import { AppError, connectMongo, createLogger, loadConfig, platformSettings } from '@cw/platform';
import { validateCreateApiKeyRequest, validateCreateUserRequest } from '@cw/contracts';
import { apiKeyActorId, assertDistrictsFor, assertPasswordPolicy, createUserStore } from '../auth/index.js';

const USAGE = `usage:
  users add --username <u> --role <role> --password <p> --name <name> [--districts 441502,441521] [--replace]
  users list
  users key --role <role> --name <client name> [--districts 441502]
  users demo --password <p>      (creates or resets one demo user per role, all with that password)
roles: operator, mediator, enforcement, supervisor, council, admin (mediator and enforcement need --districts)`;

/** The demo users start.sh seeds: one per role, mediators for 城区 and 海丰县. */
export const DEMO_USERS = [
  { username: 'demo-operator', name: '演示话务员', role: 'operator', districts: [] },
  { username: 'demo-mediator-chengqu', name: '城区调解员', role: 'mediator', districts: ['441502'] },
  { username: 'demo-mediator-haifeng', name: '海丰县调解员', role: 'mediator', districts: ['441521'] },
  { username: 'demo-enforcement', name: '海丰县执法人员', role: 'enforcement', districts: ['441521'] },
  { username: 'demo-supervisor', name: '演示科长', role: 'supervisor', districts: [] },
  { username: 'demo-council', name: '消委会观察员', role: 'council', districts: [] },
  { username: 'demo-admin', name: '系统管理员', role: 'admin', districts: [] },
] as const;

const out = (line: string) => process.stdout.write(`${line}\n`);
const splitList = (v: string | undefined) => (v ? v.split(',').map((d) => d.trim()).filter(Boolean) : undefined);

export async function runUsersCli(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      username: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' },
      districts: { type: 'string' }, replace: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (values.help || !command || !['add', 'list', 'key', 'demo'].includes(command)) {
    out(USAGE);
    return values.help ? 0 : 2;
  }
  const config = loadConfig(platformSettings);
  const logger = createLogger('users-cli', 'error');
  const mongo = await connectMongo(config.MONGO_URL, logger);
  const store = createUserStore(mongo);
  try {
    const districts = splitList(values.districts);
    if (command === 'add') {
      const body = validateCreateUserRequest.assert({
        username: values.username, password: values.password, name: values.name, role: values.role, ...(districts ? { districts } : {}),
      }, 'user');
      assertPasswordPolicy(body.password, { username: body.username, name: body.name });
      const doc = await store.putUser({ ...body, districts: assertDistrictsFor(body.role, body.districts) }, { replace: values.replace });
      out(`user ${doc._id} (${doc.role}${doc.districts.length ? ` ${doc.districts.join(',')}` : ''}) ${values.replace ? 'saved' : 'created'}`);
    } else if (command === 'demo') {
      for (const u of DEMO_USERS) {
        const body = validateCreateUserRequest.assert({ ...u, districts: [...u.districts], password: values.password }, `demo user ${u.username}`);
        assertPasswordPolicy(body.password, { username: body.username, name: body.name });
        await store.putUser({ ...body, districts: assertDistrictsFor(body.role, body.districts) }, { replace: true });
        out(`${u.username.padEnd(24)} ${u.role.padEnd(12)} ${u.districts.join(',').padEnd(8)} ${u.name}`);
      }
    } else if (command === 'list') {
      for (const u of await store.listUsers()) out(`${u._id}\t${u.role}\t${u.districts.join(',') || '-'}\t${u.name}${u.disabled ? '\t(disabled)' : ''}`);
    } else {
      const body = validateCreateApiKeyRequest.assert({ name: values.name, role: values.role, ...(districts ? { districts } : {}) }, 'API key');
      const { key, doc } = await store.createKey({ ...body, districts: assertDistrictsFor(body.role, body.districts), createdBy: 'cli' });
      out(`API key for ${doc.name} (${doc.role}), id ${apiKeyActorId(doc._id)}. Shown once; send it as "Authorization: Bearer <key>":`);
      out(key);
    }
    return 0;
  } catch (err) {
    if (err instanceof AppError) {
      process.stderr.write(`${err.message}\n${err.details.map((d) => `  ${d.pointer}: ${d.rule} (${d.message})`).join('\n')}\n`);
      return 1;
    }
    throw err;
  } finally {
    await mongo.close();
  }
}

process.exitCode = await runUsersCli(process.argv.slice(2));
