/** The figure table of DOMAIN.md §7: each count and rate the annual report cites, with its counters. */
import { ValidationError } from '@cw/errors';
import type { StatsCounterName } from './counters.js';

export interface CountFigure { id: string; zh: string; en: string; counter: StatsCounterName }
/**
 * A rate: numerator ÷ denominator, both counters of the same cohort (so a bucket's numerator is
 * part of its denominator and no rate exceeds 100 %). `open` counts the items that fell due in a
 * month without an answer or a flagged miss: once that month has ended they are late and join the
 * denominator (`settleOpenItems`). `definition` is what the board and the API show with the rate.
 */
export interface RateFigure {
  id: string; zh: string; en: string;
  numerator: StatsCounterName; denominator: StatsCounterName; open?: StatsCounterName;
  definition: { zh: string; en: string };
}

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

/** Money of private settlements recorded at termination (item 1), apart from mediated recoveries (sum of `settledFen`). */
export const MONEY_SETTLED_FIGURE = { id: 'moneySettledYuan', zh: '自行和解金额', en: 'Amounts of private settlements (not mediated)' } as const;

export const RATE_FIGURES: readonly RateFigure[] = [
  { id: 'mediationSuccessRate', zh: '成功调解率（÷受理）', en: 'Mediation success rate (÷ accepted)', numerator: 'acceptedSucceeded', denominator: 'accepted',
    definition: { zh: '本期受理的投诉中调解成功的件数（无论何时办结）÷ 本期受理投诉数', en: 'Complaints accepted in the period and mediated successfully (whenever they closed) ÷ complaints accepted in the period' } },
  { id: 'mediationSuccessRateOfClosed', zh: '成功调解率（÷办结投诉）', en: 'Mediation success rate (÷ complaints closed)', numerator: 'mediationSucceeded', denominator: 'complaintsClosed',
    definition: { zh: '本期办结的投诉中调解成功的件数 ÷ 本期办结的投诉数（含不予受理、撤回、移送、终止调解）', en: 'Complaints closed in the period as mediated successfully ÷ all complaints closed in the period (incl. not accepted, withdrawn, transferred, terminated)' } },
  { id: 'onTimeAcceptanceRate', zh: '按时初查率', en: 'On-time acceptance decision rate (7 WD)', numerator: 'acceptOnTime', denominator: 'acceptDue', open: 'acceptOpen',
    definition: { zh: '受理期限（收到后7个工作日）在本期届满的投诉中，按时作出受理或不予受理决定的件数 ÷ 本期届满件数；已结束的月份中届满仍未决定的计为超时', en: 'Complaints whose 7-WD acceptance limit fell due in the period and were accepted or refused by then ÷ those that fell due; in a month that has ended, one still undecided counts as late' } },
  { id: 'onTimeVerificationRate', zh: '举报按时核查率', en: 'On-time report verification rate (15 WD + approved extension)', numerator: 'verificationOnTime', denominator: 'verificationDue', open: 'verificationOpen',
    definition: { zh: '核查期限（15个工作日，经批准延长的加15个工作日，中止期间不计）在本期届满的举报中，按时作出立案与否决定的件数 ÷ 本期届满件数；合并前已超时的举报仍计为超时', en: 'Reports whose verification limit (15 WD, plus an approved extension, pauses not counted) fell due in the period and were decided by then ÷ those that fell due; a miss before a merge stays a miss' } },
  { id: 'onTimeTerminationNoticeRate', zh: '终止调解按时告知率', en: 'On-time termination notice rate (7 WD)', numerator: 'noticeOnTime', denominator: 'noticeDue', open: 'noticeOpen',
    definition: { zh: '告知期限（终止调解决定后7个工作日）在本期届满的投诉中，按时告知双方的件数 ÷ 本期届满件数；已结束的月份中届满仍未告知的计为超时', en: 'Terminated mediations whose 7-WD notice limit fell due in the period and whose parties were told by then ÷ those that fell due; in a month that has ended, one not yet told counts as late' } },
  { id: 'onTimeDisputeSettlementRate', zh: '管辖争议按时处理率', en: 'On-time jurisdiction dispute settlement rate (7 WD)', numerator: 'disputeOnTime', denominator: 'disputeDue', open: 'disputeOpen',
    definition: { zh: '处理期限（提出后7个工作日）在本期届满的管辖争议中按时处理的件数 ÷ 本期届满件数；案件在期限内办结或移送的不计入', en: 'Jurisdiction disputes whose 7-WD limit fell due in the period and were settled by then ÷ those that fell due; a case closed or transferred within the limit is left out' } },
  { id: 'onTimeAcknowledgmentRate', zh: '12345按时签收率', en: '12345 on-time acknowledgment rate', numerator: 'ackOnTime', denominator: 'ackDue', open: 'ackOpen',
    definition: { zh: '签收期限在本期届满的工单中按时签收的件数 ÷ 本期届满件数；按时退单的不计入，超时退单计为超时', en: 'Orders whose acknowledgment limit fell due in the period and were acknowledged by then ÷ those that fell due; an order returned in time is left out, one returned late counts as late' } },
  { id: 'onTimeReplyRate', zh: '12345按时办结率', en: '12345 on-time reply rate', numerator: 'replyOnTime', denominator: 'replyDue', open: 'replyOpen',
    definition: { zh: '答复期限在本期届满的工单答复（每次重办重新计算）中按时答复的件数 ÷ 本期届满件数；退单不算答复', en: 'Reply cycles (a redo starts a new one) whose limit fell due in the period and were replied to by then ÷ those that fell due; a return is no reply' } },
  { id: 'returnRate', zh: '12345退单率', en: '12345 return rate', numerator: 'ordersReturned', denominator: 'orders12345',
    definition: { zh: '本期收到的工单中被退单的件数 ÷ 本期收到的工单数', en: 'Orders received in the period that were returned ÷ orders received in the period' } },
  { id: 'redoRate', zh: '12345重办率', en: '12345 redo rate', numerator: 'ordersRedone', denominator: 'orders12345',
    definition: { zh: '本期收到的工单中至少重办一次的件数 ÷ 本期收到的工单数', en: 'Orders received in the period that were redone at least once ÷ orders received in the period' } },
  { id: 'sentBackRate', zh: '12345回复退回率', en: '12345 replies sent back', numerator: 'ordersSentBack', denominator: 'orders12345',
    definition: { zh: '本期收到的工单中答复至少被12345退回一次的件数 ÷ 本期收到的工单数', en: 'Orders received in the period whose reply the hotline sent back at least once ÷ orders received in the period' } },
  { id: 'satisfactionRate', zh: '满意率', en: 'Satisfaction rate (satisfied + very satisfied ÷ callbacks)', numerator: 'callbacksSatisfied', denominator: 'callbacks',
    definition: { zh: '本期回访中“满意”与“非常满意”的件数 ÷ 本期成功回访数', en: 'Callbacks in the period answered satisfied or very satisfied ÷ callbacks in the period' } },
  { id: 'closureRate', zh: '办结率', en: 'Closure rate (received in the period and closed ÷ received)', numerator: 'closedOfReceived', denominator: 'received',
    definition: { zh: '本期登记的案件中已办结的件数 ÷ 本期登记件数', en: 'Cases received in the period and closed by now ÷ cases received in the period' } },
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
