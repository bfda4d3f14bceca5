import type { IntakeRecord12315, WorkOrder12345 } from '@cw/contracts';

let n = 0;
/** Now, as an ISO instant with the Shanghai offset. */
export const nowInShanghai = () => new Date(Date.now() + 8 * 3600_000).toISOString().replace('Z', '+08:00');

/** A valid 12315 complaint record; override any field. */
export function aComplaintRecord(overrides: Partial<IntakeRecord12315> = {}): IntakeRecord12315 {
  n += 1;
  return {
    sourceRef: `T-${Date.now().toString(36)}-${n}`,
    channel: '12315-hotline',
    kind: 'complaint',
    receivedAt: nowInShanghai(),
    consumer: { name: '陈小明', phone: '13800138000', idNumber: '44150019900101123X' },
    business: { name: '海丰县某超市', address: '汕尾市海丰县梅陇镇人民路8号' },
    summary: '购买的牛奶已过保质期',
    narrative: '消费者反映在该超市购买的纯牛奶已过保质期三天，要求退一赔十。',
    claimAmountYuan: '59.80',
    ...overrides,
  };
}

export function aWorkOrder(overrides: Partial<WorkOrder12345> = {}): WorkOrder12345 {
  n += 1;
  return {
    orderNo: `GD-${Date.now().toString(36)}-${n}`,
    dispatchedAt: nowInShanghai(),
    requestType: 'complaint',
    caller: { name: '王芳', phone: '13711112222' },
    business: { name: '城区某培训机构', address: '汕尾市城区新港街道' },
    title: '培训机构拒绝退费',
    text: '来电人反映培训机构停课后拒绝退还剩余课时费4000元。',
    ...overrides,
  };
}
