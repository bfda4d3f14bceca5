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
 * Idempotent: kafkajs keeps codecs in a process-wide table, so calling this again changes nothing.
 * Call it before the first consumer or producer connects.
 */
export function registerCompressionCodecs(): void {
  if (registered) return;
  CompressionCodecs[CompressionTypes.Snappy] = snappyCodec;
  CompressionCodecs[CompressionTypes.LZ4] = lz4Codec;
  CompressionCodecs[CompressionTypes.ZSTD] = zstdCodec;
  registered = true;
}
