#!/usr/bin/env node
'use strict';
// saba: runs the bundled CLI (dist/saba.cjs), rebuilding it first when any of its sources is newer,
// so `npx saba` from the repository always runs the current code.
const { join } = require('node:path');
const { runBundle } = require('../../../scripts/bundle/launch.cjs');

runBundle({
  app: join(__dirname, '..'),
  name: 'saba',
  what: 'the CLI',
  packages: ['client', 'agent-config'],
  entry: 'runProcess',
  // exitCode, not exit(): the process ends when stdout is flushed (a pipe to a slow reader).
  exit: (code) => {
    process.exitCode = code;
  },
});
