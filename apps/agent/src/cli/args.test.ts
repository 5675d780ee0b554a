import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type AgentArgs, ArgsError, parseArgs } from './args.ts';

const CONF = '/etc/mackerel-agent/mackerel-agent.conf';
const base: AgentArgs = {
  command: 'run',
  conf: CONF,
  force: false,
  overrides: {},
  child: false,
  autoShutdown: false,
  rest: [],
};

const OK: [string[], Partial<AgentArgs>][] = [
  [[], {}],
  [['-conf', '/x.conf'], { conf: '/x.conf' }],
  [['-conf=/x.conf'], { conf: '/x.conf' }],
  [['--conf=/x.conf'], { conf: '/x.conf' }],
  [['--conf', '/x.conf'], { conf: '/x.conf' }],
  [['-conf=/a', '-conf=/b'], { conf: '/b' }], // the last one wins
  [['-apikey=K', '-apibase', 'http://s:1'], { overrides: { apikey: 'K', apibase: 'http://s:1' } }],
  [['-root=/r', '-pidfile=/p'], { overrides: { root: '/r', pidfile: '/p' } }],
  [['-v'], { overrides: { verbose: true } }],
  [['-verbose'], { overrides: { verbose: true } }],
  [['-verbose=false'], { overrides: { verbose: false } }],
  [['-v', '-verbose=0'], { overrides: { verbose: false } }], // one variable behind both names
  [['-diagnostic=T'], { overrides: { diagnostic: true } }],
  [['-role', 'S:a', '-role=S:b,T:c'], { overrides: { roles: ['S:a', 'S:b', 'T:c'] } }],
  [['-role=A:b,,C:d'], { overrides: { roles: ['A:b', '', 'C:d'] } }], // empty part is dropped later, by the loader
  [['-child', '-private-autoshutdown'], { child: true, autoShutdown: true }],
  [['-v', 'false'], { overrides: { verbose: true }, rest: ['false'] }], // a boolean takes no separate value
  [['-v', '--', '-x'], { overrides: { verbose: true }, rest: ['-x'] }],
  [['-v', '-', '-x'], { overrides: { verbose: true }, rest: ['-', '-x'] }],
  [['-conf', '-v'], { conf: '-v' }], // a string flag takes the next argument whatever it is
  [['-conf='], { conf: '' }],
  [['retire', '-force', '-conf=/x'], { command: 'retire', force: true, conf: '/x' }],
  [['retire', '-force=true', '-apikey=K'], { command: 'retire', force: true, overrides: { apikey: 'K' } }],
  [['init', '-apikey=K'], { command: 'init', overrides: { apikey: 'K' } }],
  [['init', '-apikey', 'K', '-conf', '/c'], { command: 'init', conf: '/c', overrides: { apikey: 'K' } }],
  [['configtest', '-conf=/c'], { command: 'configtest', conf: '/c' }],
  [['supervise', '-conf', '/c', '-v'], { command: 'supervise', conf: '/c', overrides: { verbose: true } }],
  [['once'], { command: 'once' }],
  [['version', '-whatever'], { command: 'version', rest: ['-whatever'] }], // version ignores its arguments
];

test('parseArgs accepts what Go flag accepts for mackerel-agent', () => {
  for (const [argv, want] of OK) assert.deepEqual(parseArgs(argv), { ...base, ...want }, argv.join(' '));
});

const BAD: [string[], string, 0 | 2][] = [
  [['-nope'], 'flag provided but not defined: -nope\nUsage: saba-agent [options]', 2],
  [['-force'], 'flag provided but not defined: -force\nUsage: saba-agent [options]', 2], // only retire has -force
  [
    ['init', '-root=/r'],
    'flag provided but not defined: -root\nUsage: saba-agent init -apikey=xxxxxxxxxxx [-conf=mackerel-agent.conf]',
    2,
  ],
  [['-conf'], 'flag needs an argument: -conf\nUsage: saba-agent [options]', 2],
  [['-v=yes'], 'invalid boolean value "yes" for -v: parse error\nUsage: saba-agent [options]', 2],
  [['---v'], 'bad flag syntax: ---v\nUsage: saba-agent [options]', 2],
  [['-=x'], 'bad flag syntax: -=x\nUsage: saba-agent [options]', 2],
  [
    ['retire', '-force=maybe'],
    'invalid boolean value "maybe" for -force: parse error\nUsage: saba-agent retire [-force]',
    2,
  ],
  [['-h'], 'Usage: saba-agent [options]', 0],
  [['configtest', '--help'], 'Usage: saba-agent configtest', 0],
  [
    ['start'],
    'unknown command "start"\nUsage: saba-agent <command> [<args>]\nCommands: init, supervise, version, configtest, retire, once',
    2,
  ],
  [
    ['run'],
    'unknown command "run"\nUsage: saba-agent <command> [<args>]\nCommands: init, supervise, version, configtest, retire, once',
    2,
  ],
];

test('parseArgs refuses what Go flag refuses, with a usage line', () => {
  for (const [argv, message, code] of BAD) {
    assert.throws(
      () => parseArgs(argv),
      (e: unknown) => {
        assert.ok(e instanceof ArgsError, argv.join(' '));
        assert.equal(e.message, message, argv.join(' '));
        assert.equal(e.code, code, argv.join(' '));
        return true;
      },
    );
  }
});
