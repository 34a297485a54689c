import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src-server/logger';

describe('server logger', () => {
  it('redacts secrets even when a careless call logs a whole object', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const logger = createLogger('info', sink);
    logger.info(
      {
        password: 'hunter2-password',
        code: '493021',
        phone: '+12025550123',
        signature: 'sig-AAAA',
        refreshToken: 'refresh-BBBB',
        body: { password: 'inner-password', token: 'link-token-CCCC', publicKey: 'pk-DDDD' },
        user: { phone_e164: '+12025550199', password_hash: '$argon2id$v=19$xyz', code_hash: 'abcdef0123' },
      },
      'careless',
    );
    const text = lines.join('');
    expect(text).toContain('careless');
    for (const secret of [
      'hunter2',
      '493021',
      '2025550123',
      'sig-AAAA',
      'refresh-BBBB',
      'inner-password',
      'link-token-CCCC',
      'pk-DDDD',
      '2025550199',
      'argon2id',
      'abcdef0123',
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
