import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { MediaS3Config } from '@chat/platform';
import { startEngineProcess, type EngineProcess } from './engine-process';
import { freePort } from './free-port';

const ROOT = path.resolve(__dirname, '../../..');
const FETCH = path.join(ROOT, 'deploy/local/s3proxy/fetch.sh');

export interface S3Server {
  /** `http://127.0.0.1:<port>`, for MEDIA_S3_ENDPOINT. */
  endpoint: string;
  /** A bucket created at start, empty. */
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** A client of its own, for a spec to look into the bucket. */
  client: S3Client;
  /** The app's settings for media in `bucket` (MEDIA_STORAGE=s3 and the MEDIA_S3_* variables). */
  env: Record<string, string>;
  /** MEDIA_S3_* as the app would read them, with this key prefix: for an adapter made in a spec. */
  config(keyPrefix?: string): MediaS3Config;
  /** Every object key in the bucket under `prefix`, every page of the listing, sorted. */
  objectKeys(prefix?: string): Promise<string[]>;
  process: EngineProcess['process'];
  /** Stops S3Proxy and removes its directory (every object with it). */
  stop(): Promise<void>;
}

/**
 * A real S3-compatible store: S3Proxy (Maven Central `org.gaul:s3proxy`, fetched with mvn into the
 * engines' cache by deploy/local/s3proxy/fetch.sh, which scripts/install-test-deps.sh runs ahead)
 * in a JVM of its own, its jclouds `filesystem-nio2` backend in a temporary directory, on a free
 * loopback port, with credentials made here (AWS signature v2 or v4 checked). It serves the S3
 * REST API the SDK speaks (multipart uploads, ranges, ListMultipartUploads), so the adapter runs
 * against a real protocol peer, not a mock. Ready once it answers HTTP; then the bucket is created.
 */
export async function startS3Server(options: { bucket?: string; readyTimeoutMs?: number } = {}): Promise<S3Server> {
  const { stdout } = await promisify(execFile)('bash', [FETCH], { timeout: 600_000 });
  const libs = stdout.trim();
  const dir = await mkdtemp(path.join(tmpdir(), 'chat-s3proxy-'));
  const data = path.join(dir, 'data');
  await mkdir(data);
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const accessKeyId = `chat-test-${randomBytes(4).toString('hex')}`;
  const secretAccessKey = randomBytes(24).toString('base64url');
  const properties = path.join(dir, 's3proxy.properties');
  await writeFile(
    properties,
    [
      `s3proxy.endpoint=${endpoint}`,
      's3proxy.authorization=aws-v2-or-v4',
      `s3proxy.identity=${accessKeyId}`,
      `s3proxy.credential=${secretAccessKey}`,
      'jclouds.provider=filesystem-nio2',
      // Required by Main, unused by a local backend.
      'jclouds.identity=local',
      'jclouds.credential=local',
      `jclouds.filesystem.basedir=${data}`,
      '',
    ].join('\n'),
  );
  // No logback.xml ships in the jar, and logback's default is DEBUG on stdout: warnings only.
  const logback = path.join(dir, 'logback.xml');
  await writeFile(
    logback,
    '<configuration><appender name="err" class="ch.qos.logback.core.ConsoleAppender"><target>System.err</target><encoder><pattern>%d %level %logger{20} - %msg%n</pattern></encoder></appender><root level="WARN"><appender-ref ref="err"/></root></configuration>\n',
  );
  const java = process.env.CHAT_ENGINE_JAVA_HOME ? path.join(process.env.CHAT_ENGINE_JAVA_HOME, 'bin/java') : 'java';
  // A small heap, C1 only and the serial collector: a test store starts in about 2 s on 2 cores.
  const args = ['-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', `-Dlogback.configurationFile=${logback}`, '-cp', `${libs}/*`, 'org.gaul.s3proxy.Main', '--properties', properties];
  const engine = await startEngineProcess(`S3Proxy did not answer on ${endpoint}`, java, args, dir, () => answers(endpoint), { timeoutMs: options.readyTimeoutMs ?? 60_000, pollMs: 200 });
  // Loaded here, not with @chat/testing: most specs never need the AWS SDK.
  const { CreateBucketCommand, S3Client } = await import('@aws-sdk/client-s3');
  const region = 'us-east-1';
  const client = new S3Client({
    endpoint,
    region,
    forcePathStyle: true,
    credentials: { accessKeyId, secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const bucket = options.bucket ?? 'chat-media-test';
  const stop = async () => {
    client.destroy();
    await engine.stop();
  };
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (err) {
    await stop();
    throw err;
  }
  const env = {
    MEDIA_STORAGE: 's3',
    MEDIA_S3_BUCKET: bucket,
    MEDIA_S3_ENDPOINT: endpoint,
    MEDIA_S3_REGION: region,
    MEDIA_S3_ACCESS_KEY_ID: accessKeyId,
    MEDIA_S3_SECRET_ACCESS_KEY: secretAccessKey,
  };
  const config = (keyPrefix = ''): MediaS3Config => ({ bucket, endpoint, region, credentials: { accessKeyId, secretAccessKey }, forcePathStyle: true, keyPrefix });
  const objectKeys = async (prefix = '') => {
    const keys: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken }));
      keys.push(...(page.Contents ?? []).map((o) => o.Key!));
      ContinuationToken = page.NextContinuationToken;
    } while (ContinuationToken);
    return keys.sort();
  };
  return { endpoint, bucket, region, accessKeyId, secretAccessKey, client, env, config, objectKeys, process: engine.process, stop };
}

/** Any HTTP answer (an anonymous request is refused with 403) means Jetty is up. */
async function answers(endpoint: string): Promise<boolean> {
  try {
    await (await fetch(endpoint, { signal: AbortSignal.timeout(2000) })).arrayBuffer();
    return true;
  } catch {
    return false;
  }
}
