import { ValidationError } from '@cw/platform';

/**
 * Refuses query parameters a route does not know, naming each: `?district[$ne]=x` is a 400, not a
 * silently ignored operator.
 */
export function assertKnownQuery(query: Record<string, unknown>, allowed: readonly string[]): void {
  const unknown = Object.keys(query).filter((k) => !allowed.includes(k));
  if (unknown.length === 0) return;
  throw new ValidationError(`Unknown query parameter: ${unknown.join(', ')}`, unknown.map((k) => ({
    pointer: `/${k}`, rule: 'additionalProperties', message: `unknown parameter (allowed: ${allowed.join(', ')})`,
  })));
}
