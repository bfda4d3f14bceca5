import { loadConfig, parse, platformSettings } from '@cw/platform';
import { DEFAULT_CONFIG_PATH } from '@cw/routing';

/** The default region's provincial comparison, beside its routing file. */
const DEFAULT_COMPARISON = DEFAULT_CONFIG_PATH.replace(/\.json$/, '.comparison.json');

const optionalSecret = (min: number) => (raw: string): string => {
  if (!new RegExp(`^[A-Za-z0-9_-]{${min},200}$`).test(raw)) throw Object.assign(new Error(`must be ${min}–200 letters, digits, _ or -`), { rule: 'pattern' });
  return raw;
};

const origins = (raw: string): string[] => {
  const list = raw.split(',').map((o) => o.trim()).filter(Boolean);
  for (const o of list) {
    let u: URL;
    try { u = new URL(o); } catch { throw Object.assign(new Error(`"${o}" is not an origin`), { rule: 'origin' }); }
    if (u.origin !== o.replace(/\/$/, '')) throw Object.assign(new Error(`"${o}" is not an origin (scheme://host[:port], no path)`), { rule: 'origin' });
  }
  return list;
};

export const gatewaySettings = {
  ...platformSettings,
  PORT: { describe: 'HTTP port of the gateway', default: 8080, parse: parse.port },
  INTAKE_WAIT_MS: { describe: 'how long an intake request waits for its case numbers before answering 202 pending', default: 5000, parse: parse.positiveInt },
  ROUTING_CONFIG: { describe: 'routing rules and region file, the same the router service uses (category suggestions, district names)', default: DEFAULT_CONFIG_PATH, parse: parse.string },
  COMPARISON_CONFIG: { describe: 'provincial comparison figures shown on the board (JSON; "none" for none)', default: DEFAULT_COMPARISON, parse: (raw: string) => (raw === 'none' ? '' : raw) },
  COMMAND_WAIT_MS: { describe: 'how long a command request waits for the workflow verdict', default: 5000, parse: parse.positiveInt },
  CW_BOOTSTRAP_API_KEY: { describe: 'an admin API key with this value is created or refreshed at start (empty: none)', default: '', parse: optionalSecret(24) },
  SESSION_SECRET: { describe: 'secret signing session cookies (empty: one random secret per topic prefix, kept in Redis)', default: '', parse: optionalSecret(32) },
  SESSION_TTL_HOURS: { describe: 'how long a login lasts', default: 12, parse: parse.positiveInt },
  LOGIN_RATE_LIMIT: { describe: 'failed logins allowed per IP and username in LOGIN_RATE_WINDOW_S', default: 10, parse: parse.positiveInt },
  LOGIN_RATE_WINDOW_S: { describe: 'window of the login rate limit, in seconds', default: 900, parse: parse.positiveInt },
  REVEAL_RATE_LIMIT: { describe: 'personal details (full phone numbers) one person may reveal per REVEAL_RATE_WINDOW_S', default: 30, parse: parse.positiveInt },
  REVEAL_RATE_WINDOW_S: { describe: 'window of the reveal limit, in seconds', default: 3600, parse: parse.positiveInt },
  ALLOWED_ORIGINS: { describe: 'other origins (comma list, e.g. https://12315.example.gov.cn) whose pages may send state-changing requests with a session cookie; the gateway\'s own origin always may', default: [] as string[], parse: origins },
};

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;
export const loadGatewayConfig = (env: NodeJS.ProcessEnv = process.env) => loadConfig(gatewaySettings, env);
