#!/usr/bin/env node
// The `model-sla` command: runs the bundled CLI (build first: `npm run build`).
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('model-sla: dist/cli.js is missing; run `npm run build` first\n');
  process.exit(2);
}
require(cli);
