import pino, { type Logger } from 'pino';

/**
 * Paths that may hold a secret in any object we log. pino replaces them
 * before a line is written, so a careless log call still leaks nothing.
 */
export const REDACTED_PATHS = [
  'password',
  'code',
  'token',
  'accessToken',
  'refreshToken',
  'authorization',
  'phone',
  'signature',
  'publicKey',
  'nonce',
  'otpKey',
  '*.password',
  '*.code',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.phone',
  '*.signature',
  '*.publicKey',
  '*.nonce',
  '*.phone_e164',
  '*.code_hash',
  '*.password_hash',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

/** Long base64url runs in a URL are tokens (email links); they never reach a log line. */
export function redactUrl(url: string): string {
  return url.replace(/[A-Za-z0-9_-]{32,}/g, '[redacted]');
}

/** The server's logger: JSON lines, secrets redacted, URLs scrubbed of tokens. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: {
        req: (req: { method: string; url: string; id: string }) => ({
          method: req.method,
          url: redactUrl(req.url),
          id: req.id,
        }),
      },
    },
    destination,
  );
}
