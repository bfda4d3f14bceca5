import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import kafkajs, { CompressionTypes } from 'kafkajs';
import { registerCompressionCodecs, type KafkaCompressionCodec } from './codecs.js';

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
