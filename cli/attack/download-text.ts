import { attackCliError } from './attack-cli-error.js';

export interface DownloadOptions {
  /** Show a cli-progress bar on stderr (callers pass true only on a TTY). */
  readonly progress: boolean;
  /** Abort when no byte arrives for this long (default 30 s). */
  readonly idleTimeoutMs?: number;
}

/**
 * GET `url` as UTF-8 text with Node's fetch. Connection failures (offline, refused, DNS) and
 * HTTP errors become one-line CliErrors naming the URL; nothing is written anywhere here.
 */
export async function downloadText(url: string, options: DownloadOptions): Promise<string> {
  const idleMs = options.idleTimeoutMs ?? 30_000;
  const controller = new AbortController();
  let idle = setTimeout(() => controller.abort(), idleMs);
  const touch = () => {
    clearTimeout(idle);
    idle = setTimeout(() => controller.abort(), idleMs);
  };
  let response: Response;
  try {
    response = await fetch(url, { signal: controller.signal, headers: { accept: 'application/json' } });
  } catch (error) {
    clearTimeout(idle);
    throw attackCliError('ATTACK_OFFLINE', url, { reason: networkReason(error, idleMs) });
  }
  if (!response.ok || !response.body) {
    clearTimeout(idle);
    const hint = response.status === 404 ? 'no such release: check --version and --domain, or --base-url' : undefined;
    throw attackCliError('ATTACK_DOWNLOAD_FAILED', url, { status: `${response.status} ${response.statusText}`.trim(), hint });
  }
  const total = Number(response.headers.get('content-length')) || 0;
  const bar = options.progress ? await makeBar(total) : undefined;
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      touch();
      chunks.push(value);
      received += value.byteLength;
      bar?.update(received);
    }
  } catch (error) {
    throw attackCliError('ATTACK_OFFLINE', url, { reason: `connection lost after ${received} bytes: ${networkReason(error, idleMs)}` });
  } finally {
    clearTimeout(idle);
    bar?.stop();
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function makeBar(total: number): Promise<{ update(n: number): void; stop(): void }> {
  const { SingleBar, Presets } = await import('cli-progress');
  const mib = (n: number) => (n / 2 ** 20).toFixed(1);
  const bar = new SingleBar(
    {
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
      format: total > 0 ? 'downloading ATT&CK [{bar}] {percentage}% {done}/{size} MiB' : 'downloading ATT&CK {done} MiB',
      formatValue: (v, _o, type) => (type === 'value' || type === 'total' ? mib(v) : String(v)),
    },
    Presets.shades_classic,
  );
  bar.start(total, 0, { done: '0.0', size: mib(total) });
  return {
    update: (n) => bar.update(total > 0 ? Math.min(n, total) : n, { done: mib(n) }),
    stop: () => bar.stop(),
  };
}

/** undici hides the cause ("fetch failed"); the cause's code is what the user can act on. */
function networkReason(error: unknown, idleMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'AbortError') return `no data for ${Math.round(idleMs / 1000)} s`;
  const code = e?.cause?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connection timed out';
    case 'ECONNRESET':
      return 'connection reset';
    default:
      return e?.cause?.message ?? e?.message ?? String(error);
  }
}
