import { createRequire } from 'node:module';
import kafkajs from 'kafkajs';
import { compressFrame, decompressFrame } from 'lz4-napi';
import { compress as zstdCompress, decompress as zstdDecompress } from '@mongodb-js/zstd';

/** The shape kafkajs expects from `CompressionCodecs[type]()`. */
export interface KafkaCompressionCodec {
  compress(encoder: { buffer: Buffer }): Promise<Buffer>;
  decompress(buffer: Buffer): Promise<Buffer>;
}

// Node's ESM loader cannot see `CompressionCodecs` among kafkajs' CommonJS named exports (its
// module.exports literal uses member expressions), so it is taken from the default export.
const { CompressionCodecs, CompressionTypes } = kafkajs;

// kafkajs-snappy is CommonJS without type declarations.
const require = createRequire(import.meta.url);
const snappyCodec = require('kafkajs-snappy') as () => KafkaCompressionCodec;
// kafkajs' own record encoder (v2 record format), to write the stand-ins below.
const encodeRecord = require('kafkajs/src/protocol/recordBatch/record/v0') as (r: { offsetDelta: number; key: Buffer | null; value: Buffer }) => { buffer: Buffer };

/** The value of a stand-in record: what kafkajs hands on for each record of a batch that could not be decompressed. */
export const UNDECODABLE_VALUE = Buffer.from('\u0000cw:undecodable-record-batch');

/** More records than one batch can hold (a batch is at most ~1 MB; a record is at least ~7 bytes). */
const MAX_RECORDS_PER_BATCH = 150_000;
let standIns: Buffer | undefined;
/** The codec failure behind the stand-ins most recently handed out, for the dead letter's reason. */
let lastFailure = '';

/**
 * kafkajs decompresses a record batch and then reads exactly the batch's record count from the
 * result; if a codec throws, the whole fetch fails and the consumer crashes for good (the error
 * is not retriable), on that batch, on every restart. So a failing decompression returns stand-ins
 * instead: records with offset deltas 0, 1, 2, … and the marker value {@link UNDECODABLE_VALUE}.
 * kafkajs takes as many as the batch holds, which gives each original record its own offset (topics
 * here are not compacted, so a batch's offsets are contiguous), and `startConsumer` dead-letters
 * them with the codec's error. The partition moves on; nothing is silently skipped.
 */
function standInRecords(): Buffer {
  standIns ??= Buffer.concat(Array.from({ length: MAX_RECORDS_PER_BATCH }, (_, i) => encodeRecord({ offsetDelta: i, key: null, value: UNDECODABLE_VALUE }).buffer));
  return standIns;
}

/** A codec whose decompression failures become stand-in records (see {@link standInRecords}). */
function tolerant(name: string, make: () => KafkaCompressionCodec): () => KafkaCompressionCodec {
  return () => {
    const codec = make();
    return {
      compress: (encoder) => codec.compress(encoder),
      async decompress(buffer) {
        try {
          return await codec.decompress(buffer);
        } catch (error) {
          lastFailure = `${name}: ${error instanceof Error ? error.message : String(error)}`;
          return standInRecords();
        }
      },
    };
  };
}

/** A codec id Kafka does not define (attributes bits 5–7): nothing can decode it. */
const unknownCodec = (id: number) => (): KafkaCompressionCodec => ({
  compress: async () => { throw new Error(`compression codec ${id} does not exist`); },
  decompress: async () => { throw new Error(`compression codec ${id} is not a Kafka codec`); },
});

/** True for a stand-in of an undecodable batch; `reason` says what failed. */
export function undecodableRecord(value: Buffer | null): { reason: string } | null {
  return value !== null && value.equals(UNDECODABLE_VALUE)
    ? { reason: `the record batch could not be decompressed (${lastFailure || 'unknown codec'}); its records are lost to this consumer` }
    : null;
}

/** LZ4 as Kafka writes it: the LZ4 *frame* format (magic 04 22 4D 18), not raw LZ4 blocks. */
const lz4Codec = (): KafkaCompressionCodec => ({
  compress: async (encoder) => compressFrame(encoder.buffer),
  decompress: async (buffer) => decompressFrame(buffer),
});

/** Zstandard frames; decoding also handles the streamed frames (no content size) Java producers write. */
const zstdCodec = (): KafkaCompressionCodec => ({
  compress: async (encoder) => zstdCompress(encoder.buffer),
  decompress: async (buffer) => zstdDecompress(buffer),
});

let registered = false;

/**
 * Teaches kafkajs the compression codecs it does not ship: snappy, lz4 and zstd (gzip is built in).
 *
 * Why: compression is chosen by the *producer*, per batch. Any producer outside this code base (the
 * Java client, librdkafka, Kafka Connect, a broker-side `compression.type` on the topic) may write
 * snappy, lz4 or zstd batches, and a kafkajs consumer that meets one without a registered codec
 * throws `KafkaJSNotImplemented` ("<Codec> compression not implemented") on every fetch of that
 * partition and never gets past the batch. Registering all of Kafka's standard codecs up front means
 * every consumer can read whatever a well-behaved producer writes.
 *
 * Implementations (all install from the npm registry without compiling; no downloads at install time):
 * - snappy: `kafkajs-snappy` (pure JS on snappyjs); also unwraps the xerial framing Java producers use.
 * - lz4: `lz4-napi` frame functions (napi-rs prebuilt binaries as optional dependencies).
 * - zstd: `@mongodb-js/zstd` 1.x (napi-rs prebuilt binaries as optional dependencies; 2.x and later
 *   fetch their binary with prebuild-install from GitHub at install time instead).
 *
 * A batch that still cannot be decompressed (corrupt, or a codec id Kafka does not define) is handed
 * on as stand-in records that `startConsumer` dead-letters, instead of crashing the consumer.
 *
 * Idempotent: kafkajs keeps codecs in a process-wide table, so calling this again changes nothing.
 * Call it before the first consumer or producer connects.
 */
export function registerCompressionCodecs(): void {
  if (registered) return;
  const builtInGzip = CompressionCodecs[CompressionTypes.GZIP] as () => KafkaCompressionCodec;
  CompressionCodecs[CompressionTypes.GZIP] = tolerant('gzip', builtInGzip);
  CompressionCodecs[CompressionTypes.Snappy] = tolerant('snappy', snappyCodec);
  CompressionCodecs[CompressionTypes.LZ4] = tolerant('lz4', lz4Codec);
  CompressionCodecs[CompressionTypes.ZSTD] = tolerant('zstd', zstdCodec);
  const table = CompressionCodecs as unknown as Record<number, () => KafkaCompressionCodec>;
  for (const id of [5, 6, 7]) table[id] = tolerant(`codec ${id}`, unknownCodec(id));
  registered = true;
}
