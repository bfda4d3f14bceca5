/**
 * Display text (Chinese first, English) of the domain's codes that have no table of their own in
 * the vocabulary: event types for timelines, clocks, case kinds and intake channels. The gateway
 * serves them at `/api/v1/reference`; the consoles and the board read them there.
 */
import type { Channel } from './common.js';
import type { EventType } from './messages/index.js';
import type { ClockName } from './vocabulary.js';

type Label = { zh: string; en: string };

/** Display text of case events, for timelines (domain terms of DOMAIN.md). */
export const EVENT_TYPE_LABELS: Readonly<Record<EventType, Label>> = {
  CaseRegistered: { zh: '登记', en: 'Registered' },
  CaseRouted: { zh: '分派', en: 'Routed' },
  CaseClaimed: { zh: '认领', en: 'Claimed' },
  CaseReleased: { zh: '退回队列', en: 'Released to the queue' },
  CaseReassigned: { zh: '改派', en: 'Reassigned' },
  ComplaintAccepted: { zh: '受理', en: 'Accepted' },
  ComplaintRefused: { zh: '不予受理', en: 'Not accepted' },
  MediationStarted: { zh: '开始调解', en: 'Mediation started' },
  DelegatedToCouncil: { zh: '委托消委会调解', en: 'Delegated to the consumer council' },
  ClockPaused: { zh: '时限中止', en: 'Clock paused' },
  ClockResumed: { zh: '时限恢复', en: 'Clock resumed' },
  MediationSucceeded: { zh: '调解成功', en: 'Mediation succeeded' },
  MediationTerminated: { zh: '终止调解', en: 'Mediation terminated' },
  ComplaintWithdrawn: { zh: '撤回投诉', en: 'Complaint withdrawn' },
  CaseTransferred: { zh: '移送', en: 'Transferred' },
  VerificationStarted: { zh: '开始核查', en: 'Verification started' },
  VerificationExtended: { zh: '核查延期', en: 'Verification extended' },
  EnforcementCaseOpened: { zh: '立案', en: 'Enforcement case opened' },
  EnforcementCaseDeclined: { zh: '不予立案', en: 'Enforcement case not opened' },
  ReportMerged: { zh: '合并处理', en: 'Merged' },
  MergedReportAbsorbed: { zh: '并入举报', en: 'Merged report absorbed' },
  OrderAcknowledged: { zh: '签收', en: 'Work order acknowledged' },
  OrderReturned: { zh: '退单', en: 'Work order returned' },
  OrderReplied: { zh: '回复', en: 'Replied to 12345' },
  CallbackRecorded: { zh: '回访', en: 'Callback recorded' },
  OrderRedone: { zh: '重办', en: 'Redone' },
  OrderExtensionRequested: { zh: '申请延期', en: 'Extension requested from 12345' },
  OrderExtensionDecided: { zh: '延期审核', en: '12345 decided on the extension' },
  OrderReplyReviewed: { zh: '回复审核', en: '12345 reviewed the reply' },
  OrderRedispatched: { zh: '重新派单', en: 'Dispatched again by 12345' },
  LeadFound: { zh: '发现违法线索', en: 'Lead found' },
  TerminationNotified: { zh: '告知终止调解', en: 'Parties told of the termination' },
  JurisdictionDisputeRaised: { zh: '提出管辖争议', en: 'Jurisdiction dispute raised' },
  JurisdictionDisputeSettled: { zh: '管辖争议处理', en: 'Jurisdiction dispute settled' },
  DeadlineWarned: { zh: '时限预警', en: 'Deadline warning' },
  DeadlineMissed: { zh: '超期', en: 'Deadline missed' },
};

export const CLOCK_LABELS: Readonly<Record<ClockName, Label>> = {
  accept: { zh: '受理时限', en: 'Acceptance' },
  mediation: { zh: '调解时限', en: 'Mediation' },
  verification: { zh: '核查时限', en: 'Verification' },
  terminationNotice: { zh: '终止调解告知时限', en: 'Termination notice' },
  jurisdictionDispute: { zh: '管辖争议处理时限', en: 'Jurisdiction dispute' },
  acknowledge12345: { zh: '12345签收', en: '12345 acknowledgement' },
  reply12345: { zh: '12345回复', en: '12345 reply' },
};

export const KIND_LABELS = {
  complaint: { zh: '投诉', en: 'Complaint' },
  report: { zh: '举报', en: 'Report' },
  'work-order': { zh: '工单', en: 'Work order' },
  'complaint+report': { zh: '投诉并举报', en: 'Complaint and report' },
} as const;

export const CHANNEL_LABELS: Readonly<Record<Channel, Label>> = {
  '12315-hotline': { zh: '12315热线', en: '12315 hotline' },
  '12315-web': { zh: '12315网站', en: '12315 website' },
  '12315-app': { zh: '12315 App', en: '12315 app' },
  '12315-wechat': { zh: '12315微信', en: '12315 WeChat' },
  letter: { zh: '信函', en: 'Letter' },
  visit: { zh: '来访', en: 'Visit' },
  'consumer-council': { zh: '消委会', en: 'Consumer council' },
  '12345-hotline': { zh: '12345热线', en: '12345 hotline' },
  'mediation-lead': { zh: '调解中发现线索', en: 'Lead found during mediation' },
} as const;
