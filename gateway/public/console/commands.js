/*
 * Names of the case commands (the workflow's public commands) in both languages: the mediation
 * console's buttons and the audit trail's actions use the same words.
 */
export const COMMAND_TEXTS = {
  zh: {
    cmd: {
      ClaimCase: '认领', ReleaseCase: '退回队列', AcceptComplaint: '受理', RefuseComplaint: '不予受理', WithdrawComplaint: '撤回投诉',
      TransferCase: '移送', StartMediation: '开始调解', DelegateToCouncil: '委托消委会调解', PauseClock: '中止计时', ResumeClock: '恢复计时',
      RecordMediationSuccess: '调解成功', TerminateMediation: '终止调解', StartVerification: '开始核查', ExtendVerification: '申请延期',
      OpenEnforcementCase: '立案', DeclineEnforcementCase: '不予立案', MergeDuplicateReport: '合并处理', AcknowledgeOrder: '签收工单',
      ReplyOrder: '回复工单', ReturnOrder: '退单', NotifyTermination: '告知终止调解', RecordLead: '发现违法线索', RequestOrderExtension: '申请12345延期', RaiseJurisdictionDispute: '提出管辖争议',
      SettleJurisdictionDispute: '处理管辖争议',
    },
  },
  en: {
    cmd: {
      ClaimCase: 'Claim', ReleaseCase: 'Release to the queue', AcceptComplaint: 'Accept', RefuseComplaint: 'Do not accept', WithdrawComplaint: 'Withdrawn by the consumer',
      TransferCase: 'Transfer', StartMediation: 'Start mediation', DelegateToCouncil: 'Delegate to the consumer council', PauseClock: 'Pause the clock', ResumeClock: 'Resume the clock',
      RecordMediationSuccess: 'Mediation succeeded', TerminateMediation: 'Terminate mediation', StartVerification: 'Start verification', ExtendVerification: 'Extend verification',
      OpenEnforcementCase: 'Open an enforcement case', DeclineEnforcementCase: 'Do not open a case', MergeDuplicateReport: 'Merge', AcknowledgeOrder: 'Acknowledge the work order',
      ReplyOrder: 'Reply to 12345', ReturnOrder: 'Return the work order', NotifyTermination: 'Parties told of the termination', RecordLead: 'Record a lead (opens a report)', RequestOrderExtension: 'Ask 12345 for more time',
      RaiseJurisdictionDispute: 'Raise a jurisdiction dispute', SettleJurisdictionDispute: 'Settle the jurisdiction dispute',
    },
  },
};
