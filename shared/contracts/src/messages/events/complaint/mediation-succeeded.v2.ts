import { Type, type Static } from '@sinclair/typebox';
import { yuanToFen } from '../../../money.js';
import { At, RecoveredAmounts, obj } from '../../parts.js';
import type { MediationSucceededV1 } from './mediation-succeeded.v1.js';

/**
 * MediationSucceeded, version 2: the recovered total also as integer fen (a digit string, exact),
 * so readers need not parse yuan. Written by the workflow since this version; version 1 events
 * (in Kafka and in the audit trail) are read through {@link mediationSucceededV1toV2}.
 */
export const MediationSucceededV2 = obj({
  recovered: Type.Object({
    ...RecoveredAmounts.properties,
    totalFen: Type.String({ pattern: '^(0|[1-9]\\d*)$', maxLength: 20, description: 'totalYuan in integer fen, exact' }),
  }, { additionalProperties: false, description: RecoveredAmounts.description }),
  agreement: Type.Optional(Type.String({ maxLength: 4000, description: 'What the parties agreed' })),
  at: At,
}, 'Mediation succeeded; the case closes');

export const mediationSucceededV1toV2 = (d: Static<typeof MediationSucceededV1>): Static<typeof MediationSucceededV2> =>
  ({ ...d, recovered: { ...d.recovered, totalFen: yuanToFen(d.recovered.totalYuan).toString() } });
