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

const command = process.argv[2] ?? '';
const own = /^[a-z]+$/.test(command) ? path.join(__dirname, '..', 'dist', `lanlens-${command}.js`) : '';
require(own && existsSync(own) ? own : '../dist/helper.js');
