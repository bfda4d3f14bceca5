/**
 * Data scope of case access (pure): mediators see the cases of their own districts, enforcement
 * officers the reports of their own districts; operators, supervisors and admins see every case;
 * council members none. Out-of-scope cases answer 404, as if they did not exist.
 */
import type { Principal } from './principal.js';

export interface ScopedCase {
  kind: string;
  district?: string | null;
}

export function canSeeCase(p: Principal, c: ScopedCase): boolean {
  switch (p.role) {
    case 'operator': case 'supervisor': case 'admin': return true;
    case 'mediator': return typeof c.district === 'string' && p.districts.includes(c.district);
    case 'enforcement': return c.kind === 'report' && typeof c.district === 'string' && p.districts.includes(c.district);
    default: return false;
  }
}

/**
 * Narrows a case-list filter to what the principal may see. Returns null when the requested
 * filter can match nothing the principal may see (answer an empty page).
 */
export function scopeCaseFilter(p: Principal, filter: Record<string, unknown>): Record<string, unknown> | null {
  if (p.role === 'operator' || p.role === 'supervisor' || p.role === 'admin') return filter;
  if (p.role !== 'mediator' && p.role !== 'enforcement') return null;
  const out: Record<string, unknown> = { ...filter };
  if (p.role === 'enforcement') {
    if (out.kind !== undefined && out.kind !== 'report') return null;
    out.kind = 'report';
  }
  if (out.district !== undefined) {
    if (typeof out.district !== 'string' || !p.districts.includes(out.district)) return null;
  } else {
    if (p.districts.length === 0) return null;
    out.district = p.districts.length === 1 ? p.districts[0] : { $in: [...p.districts] };
  }
  return out;
}
