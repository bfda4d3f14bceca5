/** Kafka topics. Keys: intake by source reference, everything about a case by caseId. */
export const TOPICS = {
  intakeRecords: 'intake.records',
  intakeRecordsDlq: 'intake.records.dlq',
  caseCommands: 'case.commands',
  caseCommandsDlq: 'case.commands.dlq',
  caseEvents: 'case.events',
  caseEventsDlq: 'case.events.dlq',
} as const;

/** Topic specs for provisioning; `case.events` is kept forever (projections rebuild from it). */
export function topicSpecs(partitions: number) {
  const kept = { 'retention.ms': '-1', 'retention.bytes': '-1' };
  return [
    { topic: TOPICS.intakeRecords, numPartitions: partitions },
    { topic: TOPICS.intakeRecordsDlq, numPartitions: 1, configs: kept },
    { topic: TOPICS.caseCommands, numPartitions: partitions },
    { topic: TOPICS.caseCommandsDlq, numPartitions: 1, configs: kept },
    { topic: TOPICS.caseEvents, numPartitions: partitions, configs: kept },
    { topic: TOPICS.caseEventsDlq, numPartitions: 1, configs: kept },
  ];
}
