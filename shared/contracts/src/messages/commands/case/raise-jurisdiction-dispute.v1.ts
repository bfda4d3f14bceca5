import { Type } from '@sinclair/typebox';
import { Note, obj } from '../../parts.js';

/** RaiseJurisdictionDispute, version 1: this office and another both claim, or both decline, the case. */
export const RaiseJurisdictionDisputeV1 = obj({
  withOffice: Type.String({ minLength: 1, maxLength: 200, description: 'The other office in the dispute' }),
  note: Note,
}, 'Raise a jurisdiction dispute with another office (管辖争议); it must be settled within 7 working days');
