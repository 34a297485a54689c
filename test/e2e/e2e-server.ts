import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServerConfig, type ServerConfig } from '../../src-server/config';
import type { AuthPolicy } from '../../src-server/services/auth-policy';
import { startServer, type RunningServer } from '../../src-server/server';

/**
 * The API server of one end-to-end test: a real server over its own SQLite
 * file that can be stopped and started again on the same port with the same
 * data (journey J10, "server down then back").
 */
export class E2eServer {
  private running: RunningServer | undefined;
  private port = 0;
  readonly dataDir = mkdtempSync(join(tmpdir(), 'cns-e2e-server-'));

  constructor(
    private readonly overrides: Partial<ServerConfig>,
    /** Shorter cooldowns or lifetimes for a journey that would otherwise wait minutes (never the security tests). */
    private readonly policy: Partial<AuthPolicy> = {},
  ) {}

  /** The URL the app connects to (stable across restarts). */
  get url(): string {
    if (!this.port) throw new Error('The test server has not started yet.');
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    const config = loadServerConfig(
      {},
      {
        databaseUrl: `sqlite:${join(this.dataDir, 'server.db')}`,
        host: '127.0.0.1',
        port: this.port,
        devMode: true,
        seedDemo: true,
        logLevel: 'silent',
        ...this.overrides,
      },
    );
    this.running = await startServer(config, { policy: this.policy });
    this.port = Number(new URL(this.running.url).port);
    return this;
  }

  /** Stops listening; the data stays for the next start. */
  async stop(): Promise<void> {
    await this.running?.close();
    this.running = undefined;
  }

  /** Stops the server and removes its data. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
