import type { Role } from '@cw/contracts';

/** Who is calling: a logged-in user (session cookie) or a machine client (API key). */
export interface Principal {
  id: string;
  role: Role;
  /** Districts a mediator or enforcement officer works for; empty for other roles. */
  districts: string[];
  name?: string;
  kind: 'user' | 'key';
}

/** The actor recorded in command envelopes: who, in which role (envelope schema: id + role only). */
export const envelopeActorOf = (p: Principal) => ({ id: p.id, role: p.role });
