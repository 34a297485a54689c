import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hashingThreads, hashingThreadsLine } from '../../src-server/thread-pool';
import { SERVER_COMMAND_ARGS } from '../helpers/server-command';

describe('hashing threads', () => {
  it('reads UV_THREADPOOL_SIZE as libuv does', () => {
    expect(hashingThreads({}, 2)).toEqual({ threads: 4, cores: 2 });
    expect(hashingThreads({ UV_THREADPOOL_SIZE: '' }, 2).threads).toBe(4);
    expect(hashingThreads({ UV_THREADPOOL_SIZE: '2' }, 2).threads).toBe(2);
    expect(hashingThreads({ UV_THREADPOOL_SIZE: ' 8threads' }, 2).threads).toBe(8);
    expect(hashingThreads({ UV_THREADPOOL_SIZE: 'many' }, 2).threads).toBe(1);
    expect(hashingThreads({ UV_THREADPOOL_SIZE: '0' }, 2).threads).toBe(1);
    expect(hashingThreads({ UV_THREADPOOL_SIZE: '5000' }, 2).threads).toBe(1024);
    expect(hashingThreads({ UV_THREADPOOL_SIZE: '-1' }, 2).threads).toBe(1024);
  });

  it('says one thread per core plainly, and more threads than cores with the way out', () => {
    expect(hashingThreadsLine({ threads: 2, cores: 2 })).toBe('Password hashing: 2 threads on 2 cores');
    expect(hashingThreadsLine({ threads: 1, cores: 1 })).toBe('Password hashing: 1 thread on 1 core');
    const over = hashingThreadsLine({ threads: 4, cores: 2 });
    expect(over).toMatch(/^Password hashing: 4 threads on 2 cores; more threads than cores make sign-ins slower/);
    expect(over).toContain('UV_THREADPOOL_SIZE=2');
  });

  it('is what npm run server starts: the preload first, then the CLI', () => {
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.server).toBe(`node ${SERVER_COMMAND_ARGS.join(' ')}`);
  });
});
