import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';

/** A JSON fragment written into a body as it is: numbers JSON.stringify cannot make, deep nesting. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** JSON text of `value`, with RawJson fragments in place; lone surrogates come out as \ud800 escapes. */
export function toJsonText(value: unknown): string {
  const raws: string[] = [];
  const nonce = randomBytes(6).toString('hex');
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof RawJson) {
      raws.push(item.text);
      return `raw-json:${nonce}:${raws.length - 1}`;
    }
    return item;
  });
  // Each marker is a whole JSON string with a fresh random nonce, so no generated value can match it.
  const marker = new RegExp(`"raw-json:${nonce}:(\\d+)"`, 'g');
  return (text ?? 'null').replace(marker, (_match, index: string) => raws[Number(index)]);
}

/**
 * Percent-encodes text for a URL. A lone surrogate has no UTF-8 form; it is sent as the three bytes
 * WTF-8 would give it (e.g. %ED%A0%80), which is exactly the invalid UTF-8 a hostile client sends.
 */
export function percentEncode(text: string): string {
  let encoded = '';
  for (const char of text) {
    const unit = char.charCodeAt(0);
    if (char.length === 1 && unit >= 0xd800 && unit <= 0xdfff) {
      encoded += [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
        .map((byte) => `%${byte.toString(16).toUpperCase()}`)
        .join('');
    } else {
      encoded += encodeURIComponent(char);
    }
  }
  return encoded;
}

export interface MultipartPart {
  name: string;
  value: string | Buffer;
  filename?: string;
  contentType?: string;
}

export function multipartBody(boundary: string, parts: MultipartPart[]): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`;
    const head = `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.contentType ? `Content-Type: ${part.contentType}\r\n` : ''}\r\n`;
    chunks.push(Buffer.from(head, 'utf8'), Buffer.from(part.value), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}

export interface FuzzRequest {
  method: string;
  /** Path and query, already encoded. */
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
}

export type FuzzAnswer = { status: number; body: string } | { status: 0; error: string };

/** Plain node:http with keep-alive, so thousands of requests reuse a handful of connections. */
export class FuzzClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 8 });

  constructor(private readonly baseUrl: string) {}

  async send(fuzz: FuzzRequest): Promise<FuzzAnswer> {
    const first = await this.attempt(fuzz, this.agent);
    // A kept-alive connection the server closed just as we reused it is a race of the transport, not
    // an answer; Node's documented remedy is one retry on a fresh connection.
    if (first.status === 0 && first.reusedSocket) return this.attempt(fuzz, false);
    return first;
  }

  private attempt(fuzz: FuzzRequest, agent: Agent | false): Promise<FuzzAnswer & { reusedSocket?: boolean }> {
    const { hostname, port } = new URL(this.baseUrl);
    const headers = { ...fuzz.headers, 'content-length': String(fuzz.body?.length ?? 0) };
    return new Promise((resolve) => {
      const options = {
        host: hostname,
        port,
        method: fuzz.method,
        path: fuzz.url,
        headers,
        agent,
        timeout: 30_000,
      };
      const req = request(options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', (error) => resolve({ status: 0, error: error.message }));
      });
      req.on('timeout', () => req.destroy(new Error('timed out after 30 s')));
      req.on('error', (error) =>
        resolve({ status: 0, error: error.message, reusedSocket: req.reusedSocket }),
      );
      req.end(fuzz.body);
    });
  }

  /** Sends every request, `concurrency` at a time, answers in the order of `requests`. */
  async sendAll<T extends FuzzRequest>(requests: T[], concurrency = 8): Promise<FuzzAnswer[]> {
    const answers: FuzzAnswer[] = new Array(requests.length);
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const index = next++;
        answers[index] = await this.send(requests[index]);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    return answers;
  }

  close(): void {
    this.agent.destroy();
  }
}
