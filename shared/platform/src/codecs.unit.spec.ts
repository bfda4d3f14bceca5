import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import kafkajs, { CompressionTypes } from 'kafkajs';
import { createRequire } from 'node:module';
import { registerCompressionCodecs, undecodableRecord, type KafkaCompressionCodec } from './codecs.js';

const { CompressionCodecs } = kafkajs;
type CodecType = Exclude<CompressionTypes, CompressionTypes.None>;
const codec = (type: CodecType) => (CompressionCodecs[type] as () => KafkaCompressionCodec)();

/** A record-batch-like payload: repetitive JSON (compresses) with some random bytes (does not). */
function payload(): Buffer {
  const json = JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ id: i, text: `消费投诉 ${i}`, ok: i % 2 === 0 })));
  return Buffer.concat([Buffer.from(json), randomBytes(3000)]);
}

describe('compression codecs for kafkajs', () => {
  before(() => registerCompressionCodecs());

  const types: Record<string, CodecType> = { gzip: CompressionTypes.GZIP, snappy: CompressionTypes.Snappy, lz4: CompressionTypes.LZ4, zstd: CompressionTypes.ZSTD };
  for (const [name, type] of Object.entries(types)) {
    it(`${name}: compress(encoder) then decompress(buffer) gives the bytes back`, async () => {
      const input = payload();
      const compressed = await codec(type).compress({ buffer: input });
      expect(Buffer.isBuffer(compressed)).to.equal(true);
      expect(compressed.equals(input)).to.equal(false);
      const output = await codec(type).decompress(compressed);
      expect(output.equals(input)).to.equal(true);
    });
  }

  it('registering twice changes nothing', () => {
    const added: CodecType[] = [CompressionTypes.Snappy, CompressionTypes.LZ4, CompressionTypes.ZSTD];
    const before = added.map((t) => CompressionCodecs[t]);
    registerCompressionCodecs();
    const after = added.map((t) => CompressionCodecs[t]);
    expect(after).to.deep.equal(before);
  });

  it('lz4 writes the LZ4 frame format Kafka uses (magic 04 22 4D 18)', async () => {
    const compressed = await codec(CompressionTypes.LZ4).compress({ buffer: payload() });
    expect(compressed.readUInt32LE(0)).to.equal(0x184d2204);
  });

  it('zstd writes a zstd frame (magic 28 B5 2F FD)', async () => {
    const compressed = await codec(CompressionTypes.ZSTD).compress({ buffer: payload() });
    expect(compressed.readUInt32LE(0)).to.equal(0xfd2fb528);
  });

  it('snappy reads the xerial framing the Java client writes (header, then length-prefixed blocks)', async () => {
    const snappy = codec(CompressionTypes.Snappy);
    const a = Buffer.from('{"first":"block"}'.repeat(20));
    const b = Buffer.from('{"second":"block"}'.repeat(20));
    const block = async (buf: Buffer) => {
      const c = await snappy.compress({ buffer: buf });
      const len = Buffer.alloc(4);
      len.writeUInt32BE(c.length);
      return Buffer.concat([len, c]);
    };
    const header = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]);
    const framed = Buffer.concat([header, await block(a), await block(b)]);
    expect((await snappy.decompress(framed)).equals(Buffer.concat([a, b]))).to.equal(true);
  });
});

describe('a record batch no codec can decompress', () => {
  before(() => registerCompressionCodecs());
  // kafkajs' own encoder and decoder of v2 record batches (the code a consumer's fetch runs).
  const requireCjs = createRequire(import.meta.url);
  const { RecordBatch } = requireCjs('kafkajs/src/protocol/recordBatch/v0') as { RecordBatch: (b: Record<string, unknown>) => Promise<{ buffer: Buffer }> };
  const Long = requireCjs('kafkajs/src/utils/long') as { fromInt(n: number): unknown };
  const Record = requireCjs('kafkajs/src/protocol/recordBatch/record/v0') as (r: Record<string, unknown>) => unknown;
  const decodeBatch = requireCjs('kafkajs/src/protocol/recordBatch/v0/decoder') as (d: unknown) => Promise<{ records: { offset: string; value: Buffer | null }[] }>;
  const Decoder = requireCjs('kafkajs/src/protocol/decoder') as new (b: Buffer) => unknown;

  async function aBatch(compression: number, corrupt: boolean, firstOffset = 4200) {
    const records = [0, 1, 2].map((i) => Record({ offsetDelta: i, key: Buffer.from(`k${i}`), value: Buffer.from(`{"n":${i}}`) }));
    const { buffer } = await RecordBatch({ compression, records, firstOffset: Long.fromInt(firstOffset), lastOffsetDelta: 2 });
    // Header: offset 8, length 4, epoch 4, magic 1, crc 4, attributes 2, last delta 4, timestamps 16,
    // producer 8 + 2 + 4, record count 4: the compressed records start at byte 61.
    if (corrupt) buffer.fill(0x5a, 61);
    return buffer;
  }

  it('decodes an intact lz4 batch as usual', async () => {
    const { records } = await decodeBatch(new Decoder(await aBatch(CompressionTypes.LZ4, false)));
    expect(records.map((r) => r.value?.toString())).to.deep.equal(['{"n":0}', '{"n":1}', '{"n":2}']);
    expect(records.every((r) => undecodableRecord(r.value) === null)).to.equal(true);
  });

  it('hands on one stand-in per record, at the records\' own offsets, each saying why — instead of failing the fetch', async () => {
    const { records } = await decodeBatch(new Decoder(await aBatch(CompressionTypes.LZ4, true)));
    expect(records.map((r) => r.offset)).to.deep.equal(['4200', '4201', '4202']);
    const reasons = records.map((r) => undecodableRecord(r.value)?.reason);
    expect(reasons[0]).to.match(/^the record batch could not be decompressed \(lz4: /);
    expect(new Set(reasons).size).to.equal(1);
  });
});
