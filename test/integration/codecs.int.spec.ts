import { expect } from 'chai';
import kafkajs, { Kafka, logLevel } from 'kafkajs';
import { registerCompressionCodecs, type KafkaCompressionCodec } from '@cw/platform';
import { javaProduce, type JavaCompression } from '../support/java-producer.js';
import { eventually, platform, unique } from '../support/env.js';

const { CompressionCodecs, CompressionTypes } = kafkajs;
type CodecType = Exclude<kafkajs.CompressionTypes, kafkajs.CompressionTypes.None>;

/**
 * Every codec a Kafka producer may pick must be readable by our kafkajs consumers. The messages
 * come from Kafka's Java producer (the reference implementation of each codec's wire format), so
 * this checks the bytes other producers really write, not kafkajs talking to itself.
 */
describe('kafkajs consumers read every standard compression codec (written by the Java producer)', function () {
  this.timeout(120000);

  const codecs: Record<Exclude<JavaCompression, 'none'>, CodecType> = {
    gzip: CompressionTypes.GZIP, snappy: CompressionTypes.Snappy, lz4: CompressionTypes.LZ4, zstd: CompressionTypes.ZSTD,
  };
  const kafka = new Kafka({ clientId: unique('codecs'), brokers: platform.KAFKA_BROKERS, logLevel: logLevel.NOTHING });

  before(() => registerCompressionCodecs());

  for (const [name, type] of Object.entries(codecs) as [Exclude<JavaCompression, 'none'>, CodecType][]) {
    it(`${name}: JSON messages come back identical, decoded by the ${name} codec`, async () => {
      const topic = unique(`codecs.${name}`);
      const admin = kafka.admin();
      await admin.connect();
      try {
        await admin.createTopics({ topics: [{ topic, numPartitions: 1, replicationFactor: 1 }], waitForLeaders: true });
      } finally {
        await admin.disconnect();
      }

      const sent = Array.from({ length: 300 }, (_, i) => ({
        seq: i, caseNo: `12315-2020-${String(i).padStart(6, '0')}`, text: `消费者投诉：商品质量问题 ${i} "quoted" \\ back\tslash`, amount: i * 1.25, ok: i % 3 === 0, tags: ['a', 'b', 'c'],
      }));
      await javaProduce({ brokers: platform.KAFKA_BROKERS, topic, compression: name, lines: sent.map((m) => JSON.stringify(m)) });

      // Count the batches our registered codec decompresses, so the test proves the codec was used.
      const registered = CompressionCodecs[type] as () => KafkaCompressionCodec;
      let decompressed = 0;
      CompressionCodecs[type] = () => {
        const c = registered();
        return { compress: (e: { buffer: Buffer }) => c.compress(e), decompress: async (b: Buffer) => { decompressed++; return c.decompress(b); } };
      };

      const received: unknown[] = [];
      const crashes: string[] = [];
      const consumer = kafka.consumer({ groupId: unique(`codecs-${name}`), retry: { retries: 0, restartOnFailure: async () => false } });
      consumer.on(consumer.events.CRASH, (e) => { crashes.push(`${e.payload.error.name}: ${e.payload.error.message}`); });
      try {
        await consumer.connect();
        await consumer.subscribe({ topics: [topic], fromBeginning: true });
        await consumer.run({ eachMessage: async ({ message }) => { received.push(JSON.parse(message.value!.toString('utf8'))); } });
        // A codec kafkajs lacks crashes the consumer (KafkaJSNotImplemented, not restarted): stop waiting then.
        await eventually(() => crashes.length > 0 || received.length >= sent.length, `${sent.length} messages on ${topic}`, 30000);
      } finally {
        CompressionCodecs[type] = registered;
        await consumer.disconnect();
      }
      expect(crashes, `kafkajs consumer crashed reading ${name}`).to.deep.equal([]);
      expect(received).to.deep.equal(sent);
      expect(decompressed, `batches decompressed by the ${name} codec`).to.be.greaterThan(0);
    });
  }
});
