import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A plain-text log in the app's logs folder, for IT and support: policy
 * problems, settings resets, update errors. Callers pass no secrets; every
 * line is also written to stderr for developers.
 */
export function createAdminLog(logsDir: string, fileName = 'main.log'): (message: string) => void {
  const file = join(logsDir, fileName);
  try {
    mkdirSync(logsDir, { recursive: true });
  } catch {
    // Logging must never stop the app.
  }
  return (message) => {
    const line = `${new Date().toISOString()} ${message}\n`;
    process.stderr.write(line);
    try {
      appendFileSync(file, line);
    } catch {
      // A read-only or full disk loses a log line, not the app.
    }
  };
}
