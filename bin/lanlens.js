#!/usr/bin/env node
// The `lanlens` command: the helper's CLI, built into dist/ by `npm run build`. A command given
// first runs from its own bundle (dist/lanlens-<command>.js), which compiles in a fraction of the
// time of the whole helper; anything else (options first, --help, serve) goes to the helper bundle.
const { existsSync } = require('node:fs');
const path = require('node:path');

const command = process.argv[2] ?? '';
const own = /^[a-z]+$/.test(command) ? path.join(__dirname, '..', 'dist', `lanlens-${command}.js`) : '';
require(own && existsSync(own) ? own : '../dist/helper.js');
