/** The figure table of DOMAIN.md §7: each count and rate the annual report cites, with its counters. */
import { ValidationError } from '@cw/errors';
import type { StatsCounterName } from './counters.js';

export interface CountFigure { id: string; zh: string; en: string; counter: StatsCounterName }
export interface RateFigure { id: string; zh: string; en: string; numerator: StatsCounterName; denominator: StatsCounterName }

export const COUNT_FIGURES: readonly CountFigure[] = [
  { id: 'received', zh: '登记总量', en: 'Cases received', counter: 'received' },
  { id: 'receivedComplaints', zh: '投诉登记量', en: 'Complaints received', counter: 'receivedComplaints' },
  { id: 'receivedReports', zh: '举报登记量', en: 'Reports received', counter: 'receivedReports' },
  { id: 'receivedWorkOrders', zh: '12345工单（非投诉举报）', en: '12345 work orders (neither complaint nor report)', counter: 'receivedWorkOrders' },
  { id: 'accepted', zh: '受理投诉', en: 'Complaints accepted', counter: 'accepted' },
  { id: 'notAccepted', zh: '不予受理', en: 'Complaints not accepted', counter: 'notAccepted' },
  { id: 'withdrawn', zh: '撤回投诉或自行和解', en: 'Withdrawn or settled privately (before or during mediation)', counter: 'withdrawn' },
  { id: 'mediationSucceeded', zh: '调解成功', en: 'Mediation succeeded', counter: 'mediationSucceeded' },
  { id: 'mediationTerminated', zh: '终止调解', en: 'Mediation terminated', counter: 'mediationTerminated' },
  { id: 'mediationFailed', zh: '调解不成', en: 'Mediation failed (terminated, reasons 2–5)', counter: 'mediationFailed' },
  { id: 'closed', zh: '办结', en: 'Cases closed', counter: 'closed' },
  { id: 'orders12345', zh: '12345工单量', en: 'Cases that came as 12345 work orders', counter: 'orders12345' },
  { id: 'callbacks', zh: '回访量', en: '12345 callbacks', counter: 'callbacks' },
];

/** The money figure (sum of `recoveredFen`). */
export const MONEY_RECOVERED_FIGURE = { id: 'moneyRecoveredYuan', zh: '挽回经济损失', en: 'Money recovered for consumers' } as const;

export const RATE_FIGURES: readonly RateFigure[] = [
  { id: 'mediationSuccessRate', zh: '成功调解率（÷受理）', en: 'Mediation success rate (÷ accepted)', numerator: 'mediationSucceeded', denominator: 'accepted' },
  { id: 'mediationSuccessRateOfClosed', zh: '成功调解率（÷调解办结）', en: 'Mediation success rate (÷ mediations closed)', numerator: 'mediationSucceeded', denominator: 'mediationClosed' },
  { id: 'onTimeAcceptanceRate', zh: '按时初查率', en: 'On-time acceptance decision rate (7 WD)', numerator: 'acceptOnTime', denominator: 'acceptDue' },
  { id: 'onTimeVerificationRate', zh: '举报按时核查率', en: 'On-time report verification rate (15 WD + approved extension)', numerator: 'verificationOnTime', denominator: 'verificationDue' },
  { id: 'onTimeAcknowledgmentRate', zh: '12345按时签收率', en: '12345 on-time acknowledgment rate', numerator: 'ackOnTime', denominator: 'ackDue' },
  { id: 'onTimeReplyRate', zh: '12345按时办结率', en: '12345 on-time reply rate', numerator: 'replyOnTime', denominator: 'replyDue' },
  { id: 'returnRate', zh: '12345退单率', en: '12345 return rate', numerator: 'ordersReturned', denominator: 'orders12345' },
  { id: 'redoRate', zh: '12345重办率', en: '12345 redo rate', numerator: 'ordersRedone', denominator: 'orders12345' },
  { id: 'satisfactionRate', zh: '满意率', en: 'Satisfaction rate (satisfied + very satisfied ÷ callbacks)', numerator: 'callbacksSatisfied', denominator: 'callbacks' },
  { id: 'closureRate', zh: '办结率', en: 'Closure rate (received in the period and closed ÷ received)', numerator: 'closedOfReceived', denominator: 'received' },
];

export const RATE_FIGURE_IDS: readonly string[] = RATE_FIGURES.map((f) => f.id);

/** The rate figure `id`; a ValidationError (`/figure`) when there is none. */
export function rateFigure(id: string): RateFigure {
  const figure = RATE_FIGURES.find((f) => f.id === id);
  if (figure === undefined) throw new ValidationError('Unknown figure', [{ pointer: '/figure', rule: 'enum', message: `must be one of ${RATE_FIGURE_IDS.join(', ')}` }]);
  return figure;
}

/** Denominators below this are flagged (and ranked last): a rate over a tiny sample says little. */
export const SMALL_SAMPLE = 30;
