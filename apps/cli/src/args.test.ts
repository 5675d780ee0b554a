import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type FlagSpec, parseArgs } from './args.ts';

const SPECS: FlagSpec[] = [
  { name: 'name', aliases: ['n'], kind: 'strings', usage: '' },
  { name: 'status', aliases: ['st'], kind: 'string', usage: '' },
  { name: 'verbose', aliases: ['v'], kind: 'bool', usage: '' },
  { name: 'from', kind: 'int', usage: '' },
  { name: 'color', aliases: ['c'], kind: 'bool', usage: '', defaultValue: true },
];

test('mkr`s flag spellings parse to the same values', () => {
  const cases: [string[], { name: string[]; status: string; verbose: boolean; from: number; positionals: string[] }][] =
    [
      [['-n', 'a', '-n', 'b', 'h1'], { name: ['a', 'b'], status: '', verbose: false, from: 0, positionals: ['h1'] }],
      [
        ['--name=a', '--st', 'working', 'h1', 'h2'],
        { name: ['a'], status: 'working', verbose: false, from: 0, positionals: ['h1', 'h2'] },
      ],
      [
        ['-st=standby', '-v', '--from', '-5'],
        { name: [], status: 'standby', verbose: true, from: -5, positionals: [] },
      ],
      [['h1', '--verbose', 'h2'], { name: [], status: '', verbose: true, from: 0, positionals: ['h1', 'h2'] }],
      [['--', '-n', 'x'], { name: [], status: '', verbose: false, from: 0, positionals: ['-n', 'x'] }],
      [['-'], { name: [], status: '', verbose: false, from: 0, positionals: ['-'] }],
    ];
  for (const [argv, want] of cases) {
    const p = parseArgs(argv, SPECS);
    assert.deepEqual(
      {
        name: p.strings('name'),
        status: p.string('status'),
        verbose: p.bool('verbose'),
        from: p.int('from'),
        positionals: p.positionals,
      },
      want,
      argv.join(' '),
    );
  }
});

test('a bool with a default of true is turned off with =false; isSet tells given from default', () => {
  assert.equal(parseArgs([], SPECS).bool('color'), true);
  assert.equal(parseArgs([], SPECS).isSet('color'), false);
  const off = parseArgs(['-c=false'], SPECS);
  assert.equal(off.bool('color'), false);
  assert.equal(off.isSet('color'), true);
});

test('mistakes are refused with urfave/cli`s words', () => {
  const cases: [string[], RegExp][] = [
    [['--nmae', 'x'], /^flag provided but not defined: -nmae$/],
    [['--from', 'soon'], /^invalid value "soon" for flag -from: parse error$/],
    [['--status'], /^flag needs an argument: -status$/],
    [['--verbose=yes'], /^invalid boolean value "yes" for -verbose$/],
  ];
  for (const [argv, message] of cases)
    assert.throws(() => parseArgs(argv, SPECS), { name: 'CliError', message }, argv.join(' '));
});
