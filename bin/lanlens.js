#!/usr/bin/env node
// The `lanlens` command: the helper's CLI, built into dist/ by `npm run build`.
require('../dist/helper.js');
