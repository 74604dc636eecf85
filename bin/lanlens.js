#!/usr/bin/env node
// The `lanlens` command: the helper's CLI, built into dist/ by `npm run build`. A command given
// first runs from its own bundle (dist/lanlens-<command>.js), which compiles in a fraction of the
// time of the whole helper; anything else (options first, --help, serve) goes to the helper bundle.
const { existsSync } = require('node:fs');
const path = require('node:path');

// The maintained Node lines are 22 and 24; older ones are refused here, before anything loads.
const OLDEST_NODE = 22;
const major = Number(process.versions.node.split('.')[0]);
if (major < OLDEST_NODE) {
  process.stderr.write(
    `lanlens: needs Node.js ${OLDEST_NODE} or later (the maintained lines are 22 and 24), but runs on Node ${process.versions.node} (${process.execPath}). Install Node.js 22 or 24 and run lanlens with it.\n`,
  );
  process.exit(1);
}

// Once, before anything loads: the same process again (process.execve keeps its id, its terminal and
// its signals) with the helper's memory settings (src/shared/helperMemory.ts), which V8 and glibc read
// only at start: without them a long capture grows the young generation to 128 MiB and leaves freed
// tables in malloc's heap. The user's own settings come after them, so they win. A Node without
// execve (22 before 22.15) runs as it was started.
const TUNED = 'LANLENS_MEMORY_TUNED';
const memory = path.join(__dirname, '..', 'dist', 'helperMemory.js');
if (!process.env[TUNED] && typeof process.execve === 'function' && existsSync(memory)) {
  const { HELPER_MALLOC_ENV, helperV8Flags } = require(memory);
  const args = [...helperV8Flags(process.argv[2]), ...process.execArgv, __filename, ...process.argv.slice(2)];
  process.execve(process.execPath, [process.execPath, ...args], { ...HELPER_MALLOC_ENV, ...process.env, [TUNED]: '1' });
}

const command = process.argv[2] ?? '';
const own = /^[a-z]+$/.test(command) ? path.join(__dirname, '..', 'dist', `lanlens-${command}.js`) : '';
require(own && existsSync(own) ? own : '../dist/helper.js');
