/**
 * Kafka topic names. Keys: intake by source key, everything about a case by caseId. A prefix
 * (`KAFKA_TOPIC_PREFIX`) gives a test run or a tenant a namespace of its own on a shared broker.
 */
export function topicNames(prefix = '') {
  return {
    intakeRecords: `${prefix}intake.records`,
    intakeRecordsDlq: `${prefix}intake.records.dlq`,
    /** The bulk lane: historical imports and bulk feeds, paced so that live intake never waits behind them. */
    intakeImports: `${prefix}intake.imports`,
    intakeImportsDlq: `${prefix}intake.imports.dlq`,
    caseCommands: `${prefix}case.commands`,
    caseCommandsDlq: `${prefix}case.commands.dlq`,
    /**
     * Commands of the bulk lane (imports' registrations), partitioned like `case.commands`: the
     * workflow reads both, gives `case.commands` priority, and owns partition p of both together.
     */
    caseCommandsBulk: `${prefix}case.commands.bulk`,
    caseCommandsBulkDlq: `${prefix}case.commands.bulk.dlq`,
    caseEvents: `${prefix}case.events`,
    caseEventsDlq: `${prefix}case.events.dlq`,
  };
}
export type TopicNames = ReturnType<typeof topicNames>;

/**
 * A dead letter is its source message plus the reason in headers: a source message near the
 * broker's 1 MiB limit would not fit a dead-letter topic with the same limit, and the consumer
 * would retry that batch for ever. Dead-letter topics take records up to 4 MiB.
 */
export const DEAD_LETTER_TOPIC_CONFIGS = { 'max.message.bytes': String(4 * 1024 * 1024) };

/** Topic specs for provisioning; `case.events` is kept forever (projections rebuild from it). */
export function topicSpecs(topics: TopicNames, partitions: number) {
  const kept = { 'retention.ms': '-1', 'retention.bytes': '-1' };
  const dlq = { ...kept, ...DEAD_LETTER_TOPIC_CONFIGS };
  return [
    { topic: topics.intakeRecords, numPartitions: partitions },
    { topic: topics.intakeRecordsDlq, numPartitions: 1, configs: dlq },
    { topic: topics.intakeImports, numPartitions: partitions },
    { topic: topics.intakeImportsDlq, numPartitions: 1, configs: dlq },
    { topic: topics.caseCommands, numPartitions: partitions },
    { topic: topics.caseCommandsDlq, numPartitions: 1, configs: dlq },
    { topic: topics.caseCommandsBulk, numPartitions: partitions },
    { topic: topics.caseCommandsBulkDlq, numPartitions: 1, configs: dlq },
    { topic: topics.caseEvents, numPartitions: partitions, configs: kept },
    { topic: topics.caseEventsDlq, numPartitions: 1, configs: dlq },
  ];
}
