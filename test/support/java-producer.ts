import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Produce with Kafka's own Java client (not kafkajs), so tests see the bytes other producers write:
 * snappy in xerial framing, LZ4 frames from KafkaLZ4BlockOutputStream, streamed zstd frames.
 *
 * The broker classpath that infra/bin/infra.sh fetches (<repo>/.cache/infra/kafka/libs) holds
 * kafka-clients and the codec jars, but not the kafka-tools artifact, so
 * org.apache.kafka.tools.ConsoleProducer is not on it. LineProducer below does what ConsoleProducer
 * does (one record per stdin line, value only, StringSerializer) with the same KafkaProducer, run by
 * java's single-file source launcher (needs a JDK: jdk.compiler).
 */
const LINE_PRODUCER = `
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

public class LineProducer {
  public static void main(String[] args) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", args[0]);
    p.put("compression.type", args[2]);
    p.put("acks", "all");
    p.put("linger.ms", "100");          // several records per batch, so a batch is worth compressing
    p.put("batch.size", "1048576");
    p.put("key.serializer", StringSerializer.class.getName());
    p.put("value.serializer", StringSerializer.class.getName());
    List<Future<?>> acks = new ArrayList<>();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(p);
         BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        acks.add(producer.send(new ProducerRecord<>(args[1], line)));
      }
      producer.flush();
      for (Future<?> ack : acks) ack.get(); // throws if any record was not acknowledged
    }
    System.out.println("sent " + acks.size());
  }
}
`;

export type JavaCompression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The broker classpath directory, found as infra.sh does: $KAFKA_LIBS if set, else
 * <repo>/.cache/infra/kafka/libs; from a git worktree without its own cache, the main worktree's.
 */
export function kafkaLibsDir(): string {
  const candidates: string[] = [];
  if (process.env.KAFKA_LIBS) candidates.push(process.env.KAFKA_LIBS);
  candidates.push(join(repoRoot, '.cache/infra/kafka/libs'));
  try {
    const common = execFileSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    candidates.push(join(dirname(common), '.cache/infra/kafka/libs'));
  } catch { /* not a git checkout: only the paths above */ }
  for (const dir of candidates) {
    if (existsSync(dir) && readdirSync(dir).some((f) => /^kafka-clients-.*\.jar$/.test(f))) return dir;
  }
  throw new Error(`Kafka's Java classpath (kafka-clients-*.jar) not found in ${[...new Set(candidates)].join(', ')}. `
    + 'Run `bash infra/bin/infra.sh up` (it fetches the broker jars into .cache/infra/kafka/libs), or set KAFKA_LIBS.');
}

let checkedJava = false;
/** Fails with a clear message unless a JDK (java with jdk.compiler, for the source launcher) is on PATH. */
function requireJdk(): void {
  if (checkedJava) return;
  const r = spawnSync('java', ['--list-modules'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new Error(`'java' is not runnable (${r.error?.message ?? `exit ${r.status}: ${r.stderr}`}). Install a JDK 17+ (e.g. apt-get install openjdk-17-jdk-headless).`);
  }
  if (!/^jdk\.compiler@/m.test(r.stdout)) {
    throw new Error("'java' has no jdk.compiler module (a JRE only); the Java producer runs from source and needs a JDK 17+ (e.g. apt-get install openjdk-17-jdk-headless).");
  }
  checkedJava = true;
}

let sourceFile: string | undefined;

/**
 * Sends `lines` (one record each, in order) to `topic` with Kafka's Java producer and the given
 * compression.type; resolves once every record is acknowledged (acks=all), rejects with the
 * producer's stderr otherwise.
 */
export async function javaProduce(opts: { brokers: string[]; topic: string; compression: JavaCompression; lines: string[]; timeoutMs?: number }): Promise<void> {
  const libs = kafkaLibsDir();
  requireJdk();
  for (const l of opts.lines) if (/[\r\n]/.test(l)) throw new Error('javaProduce: a line may not contain a line break');
  if (!sourceFile) {
    sourceFile = join(mkdtempSync(join(tmpdir(), 'java-producer-')), 'LineProducer.java');
    writeFileSync(sourceFile, LINE_PRODUCER);
  }
  const args = ['-Xmx256m', '-XX:TieredStopAtLevel=1', '-Dlog4j2.level=WARN', '-cp', `${libs}/*`, sourceFile, opts.brokers.join(','), opts.topic, opts.compression];
  const timeoutMs = opts.timeoutMs ?? 60000;
  await new Promise<void>((res, rej) => {
    const child = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const timer = setTimeout(() => { child.kill('SIGKILL'); }, timeoutMs);
    child.on('error', (e) => { clearTimeout(timer); rej(new Error(`could not start java: ${e.message}`)); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const expected = `sent ${opts.lines.length}`;
      if (code === 0 && out.trim().split('\n').includes(expected)) return res();
      rej(new Error(`Java producer (${opts.compression}, topic ${opts.topic}) failed: ${signal ? `killed by ${signal} after ${timeoutMs} ms` : `exit ${code}`}; `
        + `stdout: ${out.trim() || '(none)'}; stderr (last 2000 chars): ${err.slice(-2000).trim() || '(none)'}`));
    });
    child.stdin.end(opts.lines.map((l) => `${l}\n`).join(''));
  });
}
