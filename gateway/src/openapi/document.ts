/**
 * The OpenAPI 3.1 description of the gateway's HTTP API, built from the same sources the gateway
 * runs on: the policy table (every operation, its roles, public or authenticated), the TypeBox
 * schemas the routes validate bodies with (`@cw/contracts`), and the query-parameter lists the
 * routes check with `assertKnownQuery`. Only the prose (summaries in Chinese, descriptions) lives
 * here. `GET /api/v1/openapi.json` serves it; test/unit/openapi.unit.spec.ts validates it and
 * checks it covers the policy table exactly; the authz-matrix e2e checks it against the mounted routes.
 */
import {
  ChangePasswordRequest, CreateApiKeyRequest, CreateUserRequest, IntakeRecord12315, LoginRequest,
  PUBLIC_COMMANDS, RevealRequest, UpdateUserRequest, WorkOrder12345, COMMAND_SCHEMAS,
} from '@cw/contracts';
import { POLICY, type PolicyEntry } from '../auth/policy.js';
import { SESSION_COOKIE } from '../auth/sessions.js';
import { CASE_FILTERS } from '../routes/cases.routes.js';
import { STATS_PARAMS } from '../routes/stats.routes.js';
import { AUDIT_PARAMS } from '../audit/audit.routes.js';

type Json = Record<string, unknown>;

/** A TypeBox schema as plain JSON Schema: symbols dropped, nested `$id`s removed (they would rebase refs). */
function plain(schema: unknown): Json {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).filter(([k]) => k !== '$id').map(([k, x]) => [k, strip(x)]));
    return v;
  };
  return strip(JSON.parse(JSON.stringify(schema))) as Json;
}

/** One command request: `type` and `expectedVersion` beside the command's own fields. */
function commandRequest(type: string): Json {
  const payload = plain(COMMAND_SCHEMAS[type as keyof typeof COMMAND_SCHEMAS]);
  const head = { type: { const: type }, expectedVersion: { type: 'integer', minimum: 0, description: '您看到的案件版本 (the case version you saw)' } };
  if (payload.type === 'object' && payload.properties) {
    return { ...payload, title: type, properties: { ...head, ...(payload.properties as Json) }, required: ['type', 'expectedVersion', ...((payload.required as string[]) ?? [])] };
  }
  return { title: type, allOf: [{ type: 'object', properties: head, required: ['type', 'expectedVersion'] }, payload] };
}

const SCHEMAS: Record<string, Json> = {
  IntakeRecord12315: plain(IntakeRecord12315),
  WorkOrder12345: plain(WorkOrder12345),
  LoginRequest: plain(LoginRequest),
  ChangePasswordRequest: plain(ChangePasswordRequest),
  CreateUserRequest: plain(CreateUserRequest),
  UpdateUserRequest: plain(UpdateUserRequest),
  CreateApiKeyRequest: plain(CreateApiKeyRequest),
  RevealRequest: plain(RevealRequest),
  CaseCommandRequest: { oneOf: PUBLIC_COMMANDS.map(commandRequest), discriminator: { propertyName: 'type' } },
  Problem: {
    type: 'object',
    description: 'RFC 7807 problem details (application/problem+json)',
    required: ['type', 'title', 'status'],
    properties: {
      type: { type: 'string', format: 'uri' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      instance: { type: 'string' },
      code: { type: 'string', description: 'Machine-readable reason, e.g. VALIDATION_FAILED' },
      errors: {
        type: 'array',
        items: { type: 'object', required: ['pointer', 'rule', 'message'], properties: { pointer: { type: 'string', description: 'JSON pointer of the field' }, rule: { type: 'string' }, message: { type: 'string' } } },
      },
    },
  },
  Open311Errors: {
    type: 'array',
    description: 'GeoReport v2 errors',
    items: { type: 'object', required: ['code', 'description'], properties: { code: { type: 'integer' }, description: { type: 'string' } } },
  },
  IntakeReceipt: {
    type: 'object',
    properties: {
      cases: { type: 'array', items: { type: 'object', properties: { caseId: { type: 'string' }, caseNo: { type: 'string' }, kind: { enum: ['complaint', 'report', 'work-order'] } } } },
      pending: { type: 'boolean', description: '尚未登记完毕：稍后查询 receipt (not registered yet: poll the receipt)' },
      receipt: { type: 'string' },
    },
  },
};

interface Param { name: string; description?: string; schema?: Json }
interface Doc {
  tag: string;
  summary: string;
  description?: string;
  query?: readonly (string | Param)[];
  body?: { schema: string; example?: unknown; contentType?: string };
  ok?: { status: number; description: string; schema?: string; contentTypes?: string[] };
  /** An Open311 GeoReport v2 operation: JSON or XML by the path's extension, the spec's error list. */
  open311?: true;
}

const CASES = '案件 Cases';
const INTAKE = '受理登记 Intake';
const STATS = '统计 Figures';
const ADMIN = '系统管理 Administration';
const AUTH = '登录 Sign-in';
const OPS = '运维 Operations';
const OPEN311 = 'Open311 GeoReport v2';

const csvXlsx = ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];
const exportParams = [{ name: 'format', schema: { enum: ['csv', 'xlsx'] } }, { name: 'lang', schema: { enum: ['zh', 'en'] }, description: '表头语言，默认中文 (header language, Chinese by default)' }];

/** The prose per operation, keyed `METHOD path` as in the policy table. */
const DOCS: Record<string, Doc> = {
  'POST /api/v1/auth/login': { tag: AUTH, summary: '登录 (log in; sets the session cookie)', body: { schema: 'LoginRequest', example: { username: 'mediator.chengqu', password: '••••••••••••' } }, ok: { status: 200, description: '已登录 Logged in' } },
  'POST /api/v1/auth/logout': { tag: AUTH, summary: '退出登录 (log out)', ok: { status: 204, description: '已退出 Logged out' } },
  'GET /api/v1/auth/me': { tag: AUTH, summary: '当前用户 (who am I)' },
  'POST /api/v1/auth/password': { tag: AUTH, summary: '修改本人密码 (change my password)', body: { schema: 'ChangePasswordRequest' }, ok: { status: 204, description: '已修改 Changed' } },
  'POST /api/v1/intake/12315': {
    tag: INTAKE, summary: '登记12315投诉、举报 (log a 12315 complaint or report)',
    description: 'Idempotent by `sourceRef`. Answers the case numbers once registered, or `pending` with a receipt to poll.',
    body: {
      schema: 'IntakeRecord12315',
      example: { sourceRef: 'HOTLINE-20201103-0001', channel: '12315-hotline', kind: 'complaint', receivedAt: '2020-11-03T09:15:00+08:00', consumer: { name: '陈小明', phone: '13800138000' }, business: { name: '汕尾市城区某某电器商行', address: '城区香洲街道' }, category: 'quality', summary: '新买的电饭煲三天就坏，商家拒绝退货', narrative: '我11月1日在该店购买电饭煲一台，价格399元，使用三天后无法加热，商家拒绝退货。', claimAmountYuan: 399 },
    },
    ok: { status: 202, description: '已受理 Accepted (case numbers, or pending)', schema: 'IntakeReceipt' },
  },
  'POST /api/v1/intake/12345': {
    tag: INTAKE, summary: '接收12345转办工单 (receive a 12345 work order)',
    description: 'Idempotent by `orderNo`; the same order with another `dispatchedAt` is a re-dispatch of a returned order.',
    body: { schema: 'WorkOrder12345', example: { orderNo: 'GD12345-2020-110301', dispatchedAt: '2020-11-03T10:00:00+08:00', requestType: 'complaint', caller: { name: '李女士', phone: '13900139000' }, business: { name: '某某超市' }, text: '市民反映在该超市购买的牛奶已过保质期。' } },
    ok: { status: 202, description: '已受理 Accepted', schema: 'IntakeReceipt' },
  },
  'GET /api/v1/intake/:system/:ref': { tag: INTAKE, summary: '查询受理回执 (intake receipt: case numbers)', ok: { status: 200, description: '已登记 Registered', schema: 'IntakeReceipt' } },
  'POST /api/v1/intake/recent-duplicates': { tag: INTAKE, summary: '近期重复投诉提示 (recent cases of the same caller and business)', body: { schema: 'object' } },
  'POST /api/v1/routing/suggest': { tag: INTAKE, summary: '分类和辖区建议 (category and district suggestion)', body: { schema: 'object', example: { text: '商家虚构原价进行促销', businessAddress: '海丰县附城镇' } } },
  'GET /api/v1/cases': { tag: CASES, summary: '案件列表 (case list, masked, within your scope)', query: [...CASE_FILTERS, 'page', 'pageSize'] },
  'GET /api/v1/cases/export': { tag: CASES, summary: '导出案件列表 (export the case list as CSV/XLSX)', query: [...CASE_FILTERS, ...exportParams], ok: { status: 200, description: '文件 File', contentTypes: csvXlsx } },
  'GET /api/v1/cases/:caseId': { tag: CASES, summary: '案件详情 (one case, masked)' },
  'GET /api/v1/cases/:caseId/history': { tag: CASES, summary: '案件流转记录 (the case\'s events)' },
  'POST /api/v1/cases/:caseId/commands': {
    tag: CASES, summary: '办理案件 (act on a case: accept, mediate, close …)',
    description: 'Decided by the workflow service; 409 when `expectedVersion` is stale, 422 when the rules refuse.',
    body: { schema: 'CaseCommandRequest', example: { type: 'AcceptComplaint', expectedVersion: 2 } },
    ok: { status: 200, description: '已执行 Applied' },
  },
  'POST /api/v1/cases/:caseId/reveal': { tag: CASES, summary: '查看完整电话号码 (reveal the phone number, with a reason; audited)', body: { schema: 'RevealRequest' } },
  'GET /api/v1/commands/:commandId': { tag: CASES, summary: '指令结果 (verdict of a command sent earlier)' },
  'GET /api/v1/queues/mine': { tag: CASES, summary: '我的案件 (open cases assigned to me)' },
  'GET /api/v1/queues/districts/:district': { tag: CASES, summary: '辖区待领案件 (unclaimed cases of a district)' },
  'GET /api/v1/stats': { tag: STATS, summary: '统计指标 (the annual report\'s figures)', query: STATS_PARAMS },
  'GET /api/v1/stats/ranking': { tag: STATS, summary: '指标排名 (districts or categories ranked by a figure)', query: STATS_PARAMS },
  'GET /api/v1/stats/export': { tag: STATS, summary: '导出统计表 (the figures as XLSX/CSV with definitions)', query: [...STATS_PARAMS.filter((p) => p !== 'figure' && p !== 'format'), ...exportParams], ok: { status: 200, description: '文件 File', contentTypes: csvXlsx } },
  'GET /api/v1/stats/comparison': { tag: STATS, summary: '全省对比数据 (configured provincial figures)' },
  'GET /api/v1/reference': { tag: STATS, summary: '代码表 (reason codes, statuses, districts with names)' },
  'POST /api/v1/imports': { tag: ADMIN, summary: '导入历史案件 (historical import, NDJSON)', body: { schema: 'ndjson', contentType: 'application/x-ndjson' }, ok: { status: 202, description: '导入已开始 Import started (its id)' } },
  'GET /api/v1/imports/:importId': { tag: ADMIN, summary: '导入进度 (progress of an import)' },
  'GET /api/v1/audit': { tag: ADMIN, summary: '操作审计记录 (the audit trail, JSON or CSV)', query: AUDIT_PARAMS },
  'GET /api/v1/admin/users': { tag: ADMIN, summary: '用户列表 (users)' },
  'POST /api/v1/admin/users': { tag: ADMIN, summary: '新建用户 (create a user)', body: { schema: 'CreateUserRequest' }, ok: { status: 201, description: '已创建 Created' } },
  'PATCH /api/v1/admin/users/:username': { tag: ADMIN, summary: '停用、启用、重设密码 (disable, enable, set a password)', body: { schema: 'UpdateUserRequest' } },
  'POST /api/v1/admin/api-keys': { tag: ADMIN, summary: '新建接口密钥 (create an API key)', body: { schema: 'CreateApiKeyRequest' }, ok: { status: 201, description: '已创建：密钥只显示这一次 Created: the key is shown once' } },
  'GET /api/v1/admin/api-keys': { tag: ADMIN, summary: '接口密钥列表 (API keys, never a key)' },
  'POST /api/v1/admin/api-keys/:keyId/rotate': { tag: ADMIN, summary: '更换密钥 (rotate a key)' },
  'POST /api/v1/admin/api-keys/:keyId/revoke': { tag: ADMIN, summary: '吊销密钥 (revoke a key)' },
  'GET /api/v1/admin/routes': { tag: ADMIN, summary: '已挂载路由 (mounted routes)' },
  'ALL /admin/queues{/*rest}': { tag: ADMIN, summary: '任务队列管理页面 (bull-board, HTML)', ok: { status: 200, description: 'The bull-board page', contentTypes: ['text/html'] } },
  'GET /open311/v2/discovery.:format': { tag: OPEN311, open311: true, summary: '服务发现 (service discovery: endpoints, formats)' },
  'GET /open311/v2/services.:format': { tag: OPEN311, open311: true, summary: '服务列表：投诉类别 (services: the complaint categories)', query: ['jurisdiction_id'] },
  'GET /open311/v2/services/:serviceCode.:format': { tag: OPEN311, open311: true, summary: '服务定义：需填写的属性 (service definition: its attributes)', query: ['jurisdiction_id'] },
  'POST /open311/v2/requests.:format': {
    tag: OPEN311, open311: true, summary: '提交投诉 (create a complaint; api_key in the form)',
    description: 'Form fields of GeoReport v2: api_key, service_code, address_string or lat/long, first_name, last_name, phone, description, media_url, attribute[business_name] (required), attribute[business_platform], attribute[summary], attribute[claim_amount]. Registered through the normal 12315 intake path (channel 12315-web).',
    body: { schema: 'object', contentType: 'application/x-www-form-urlencoded', example: 'api_key=cwk_…&service_code=food&address_string=汕尾市城区香洲街道&last_name=陈&first_name=小明&phone=13800138000&description=买到过期牛奶&attribute[business_name]=某某超市' },
  },
  'GET /open311/v2/requests.:format': { tag: OPEN311, open311: true, summary: '查询投诉 (complaints by id, service, status, date range ≤ 90 days)', query: ['jurisdiction_id', 'service_request_id', 'service_code', 'start_date', 'end_date', 'status', 'api_key'] },
  'GET /open311/v2/requests/:requestId.:format': { tag: OPEN311, open311: true, summary: '单个投诉 (one complaint by its case number)', query: ['jurisdiction_id'] },
  'GET /open311/v2/tokens/:token.:format': { tag: OPEN311, open311: true, summary: '由 token 查询编号 (case number of a request answered with a token)', query: ['jurisdiction_id'] },
  'GET /api/v1/openapi.json': { tag: OPS, summary: '接口说明 (this document)' },
  'GET /api/docs{/*rest}': { tag: OPS, summary: '接口文档页面 (interactive reference, HTML)', ok: { status: 200, description: 'HTML', contentTypes: ['text/html'] } },
};

/** Routes outside the guarded prefixes that integrators use (public, so not in the policy table). */
export const UNGUARDED_DOCUMENTED: readonly PolicyEntry[] = [
  { method: 'GET', path: '/healthz', allow: 'public', note: 'readiness: Kafka, the store, Redis and the queue hub' },
  { method: 'GET', path: '/metrics', allow: 'public', note: 'Prometheus metrics' },
];
const UNGUARDED_DOCS: Record<string, Doc> = {
  'GET /healthz': { tag: OPS, summary: '健康检查 (health: 200 ok or 503 naming the failing part)' },
  'GET /metrics': { tag: OPS, summary: '监控指标 (Prometheus text format)', ok: { status: 200, description: 'Prometheus exposition', contentTypes: ['text/plain'] } },
};

/** Express path → OpenAPI path and its path parameters. `/admin/queues{/*rest}` documents its entry page. */
export function openApiPath(path: string): { path: string; params: string[] } {
  const base = path.replace(/\{\/\*\w+\}$/, '');
  const params = [...base.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  return { path: base.replace(/:(\w+)/g, '{$1}'), params };
}

const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } });

/** `get` + the path in camel case, e.g. `getApiV1CasesCaseId`. */
const operationIdOf = (entry: PolicyEntry) => `${entry.method.toLowerCase()}${openApiPath(entry.path).path.replace(/[^A-Za-z0-9]+(\w)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`;

const open311Answer = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'array', items: { type: 'object' } } }, 'text/xml': { schema: { type: 'string' } } } });
const open311Error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Open311Errors' } }, 'text/xml': { schema: { type: 'string', description: '<errors><error><code/><description/></error></errors>' } } } });

function open311Operation(entry: PolicyEntry, doc: Doc): Json {
  const { params } = openApiPath(entry.path);
  return {
    tags: [doc.tag],
    summary: doc.summary,
    description: [doc.description, `**公开 public** (GeoReport v2). ${entry.note}`].filter(Boolean).join('\n\n'),
    operationId: operationIdOf(entry),
    'x-roles': [],
    security: [],
    parameters: [
      ...params.map((name) => ({ name, in: 'path', required: true, schema: name === 'format' ? { enum: ['json', 'xml'] } : { type: 'string' } })),
      ...(doc.query ?? []).map((q) => ({ name: typeof q === 'string' ? q : q.name, in: 'query', schema: { type: 'string' } })),
    ],
    ...(doc.body ? { requestBody: { required: true, content: { [doc.body.contentType!]: { schema: { type: 'object', additionalProperties: { type: 'string' } }, example: doc.body.example } } } } : {}),
    responses: {
      200: open311Answer('成功 OK (JSON or XML by the extension)'),
      400: open311Error('请求有误：逐项说明字段 (invalid input, each field named)'),
      ...(entry.method === 'POST' ? { 403: open311Error('api_key 缺失、无效或无权 (api_key missing, invalid or not allowed)'), 415: open311Error('须为表单 (must be a form)') } : {}),
      404: open311Error('不存在：服务、编号、格式或 jurisdiction_id (not found)'),
      503: open311Error('依赖的服务暂不可用 (a server this request needs is not answering)'),
    },
  };
}

function operation(entry: PolicyEntry, doc: Doc): Json {
  if (doc.open311) return open311Operation(entry, doc);
  const { params } = openApiPath(entry.path);
  const parameters = [
    ...params.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
    ...(doc.query ?? []).map((q) => (typeof q === 'string' ? { name: q, in: 'query', schema: { type: 'string' } } : { name: q.name, in: 'query', schema: q.schema ?? { type: 'string' }, ...(q.description ? { description: q.description } : {}) })),
  ];
  const ok = doc.ok ?? { status: 200, description: '成功 OK' };
  const okContent = ok.contentTypes
    ? Object.fromEntries(ok.contentTypes.map((t) => [t, {}]))
    : { 'application/json': { schema: ok.schema ? { $ref: `#/components/schemas/${ok.schema}` } : { type: 'object' } } };
  const responses: Json = { [String(ok.status)]: ok.status === 204 ? { description: ok.description } : { description: ok.description, content: okContent } };
  if (doc.body || parameters.some((p) => p.in === 'query')) responses['400'] = problem('请求有误：逐项列出字段和规则 (invalid input: every failing field with its rule)');
  if (entry.allow !== 'public') {
    responses['401'] = problem('未登录或密钥无效 (not authenticated)');
    responses['403'] = problem('角色无权访问 (role not allowed)');
  }
  if (params.length > 0) responses['404'] = problem('不存在或不在您的辖区 (not found, or outside your districts)');
  if (doc.body && doc.body.contentType === undefined) responses['415'] = problem('Content-Type 须为 application/json');
  if (entry.path.endsWith('/commands')) {
    responses['409'] = problem('版本冲突 (the case changed since you read it)');
    responses['422'] = problem('规则不允许 (refused by the rules, with the reason code)');
  }
  responses['503'] = problem('依赖的服务暂不可用 (a server this request needs is not answering)');
  const body = doc.body && {
    required: true,
    content: {
      [doc.body.contentType ?? 'application/json']: {
        schema: doc.body.schema === 'object' ? { type: 'object' } : doc.body.schema === 'ndjson' ? { type: 'string', description: 'One import record per line (docs/import-format.md)' } : { $ref: `#/components/schemas/${doc.body.schema}` },
        ...(doc.body.example !== undefined ? { example: doc.body.example } : {}),
      },
    },
  };
  const roles = entry.allow === 'public' ? '公开 public' : entry.allow.join(', ');
  return {
    tags: [doc.tag],
    summary: doc.summary,
    description: [doc.description, `**角色 Roles:** ${roles}. ${entry.note}`].filter(Boolean).join('\n\n'),
    operationId: operationIdOf(entry),
    'x-roles': entry.allow === 'public' ? [] : entry.allow,
    security: entry.allow === 'public' ? [] : [{ session: [] }, { apiKey: [] }],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(body ? { requestBody: body } : {}),
    responses,
  };
}

/** The documented operations (policy table plus the public operational routes), as `METHOD path`. */
export const documentedEntries = (): PolicyEntry[] => [...POLICY, ...UNGUARDED_DOCUMENTED];

export function openApiDocument(version: string): Json {
  const paths: Record<string, Json> = {};
  for (const entry of documentedEntries()) {
    const key = `${entry.method} ${entry.path}`;
    const doc = DOCS[key] ?? UNGUARDED_DOCS[key];
    if (!doc) throw new Error(`No OpenAPI description for ${key}: add it to gateway/src/openapi/document.ts`);
    const method = entry.method === 'ALL' ? 'get' : entry.method.toLowerCase();
    const { path } = openApiPath(entry.path);
    paths[path] = { ...(paths[path] ?? {}), [method]: operation(entry, doc) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: '消费者权益保护投诉举报处理平台 API (12315 / 12345 complaint workflow)',
      version,
      description: '受理12315投诉举报和12345转办工单、办理案件、查看统计指标的接口。错误一律为 RFC 7807 problem+json，逐项列出字段和规则。\n\nIntake, case handling and figures. Errors are RFC 7807 problem+json naming each field and rule.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/' }],
    tags: [AUTH, INTAKE, CASES, STATS, ADMIN, OPEN311, OPS].map((name) => ({ name })),
    paths,
    components: {
      schemas: SCHEMAS,
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: '登录后的会话 (the session cookie set by POST /api/v1/auth/login)' },
        apiKey: { type: 'http', scheme: 'bearer', description: '接口密钥 (an API key: Authorization: Bearer <key>)' },
      },
    },
  };
}
