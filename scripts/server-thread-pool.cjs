// Preload for the stand-alone API server (`node --require ./scripts/server-thread-pool.cjs ...`).
//
// Why: argon2id runs on libuv's thread pool, which has 4 threads unless
// UV_THREADPOOL_SIZE says otherwise. On a 2-core server two threads did
// 23-26 % more sign-ins per second than four (`npm run bench -- pool`,
// bench/RESULTS.md round 9), so the server runs one pool thread per core. libuv reads the
// variable once, when the pool first starts, and an ES module's loading
// starts it, so only a CommonJS preload can set it in time; an explicit
// UV_THREADPOOL_SIZE is left as the operator gave it.
'use strict';

const { availableParallelism } = require('node:os');

if (!process.env.UV_THREADPOOL_SIZE) process.env.UV_THREADPOOL_SIZE = String(availableParallelism());
