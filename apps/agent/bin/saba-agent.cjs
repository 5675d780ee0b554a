#!/usr/bin/env -S node --lite-mode --single-threaded --no-expose-wasm
'use strict';
// Flags (docs/decisions/0006): --lite-mode, no optimising compiler, 51 → 45 MB of RSS; --single-threaded,
// no V8 worker threads waking for nothing; --no-expose-wasm silences lite mode's warning. Other starters
// (the server's local agent, tests, the benchmark) read the flags from the line above.
// saba-agent: runs the bundled agent (dist/saba-agent.cjs), rebuilding it first when any of its
// sources is newer, so `npx saba-agent` from the repository always runs the current code.
const { join } = require('node:path');
const { runBundle } = require('../../../scripts/bundle/launch.cjs');

runBundle({
  app: join(__dirname, '..'),
  name: 'saba-agent',
  what: 'the agent',
  packages: ['client', 'agent-config'],
  entry: 'main',
  exit: (code) => process.exit(code),
});
