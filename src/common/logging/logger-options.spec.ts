import { Writable } from 'node:stream';
import { pino } from 'pino';
import { REDACTED_PATHS } from './logger-options.js';

describe('log redaction', () => {
  it('never writes passwords, tokens, secrets or authorization headers', () => {
    let written = '';
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        written += chunk.toString('utf8');
        callback();
      },
    });
    const logger = pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, stream);
    logger.info(
      {
        req: { headers: { authorization: 'Bearer eyJhbGciOi.secret', cookie: 'sid=abc' } },
        body: { email: 'a@b.ug', password: 'hunter2-hunter2', refreshToken: 'rt-123', otp: '123456' },
        pesapal: { consumerSecret: 'cs-999' },
      },
      'login attempt',
    );
    const line = written;
    for (const secret of ['eyJhbGciOi', 'sid=abc', 'hunter2', 'rt-123', '123456', 'cs-999']) {
      expect(line).not.toContain(secret);
    }
    expect(line).toContain('a@b.ug');
    expect(line).toContain('[redacted]');
  });
});
