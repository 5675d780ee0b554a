// The command line of mackerel-agent, parsed the way the official binary does: motemen/go-cli takes
// the first argument as the subcommand unless it starts with "-" (then it is the main "run" command),
// and each command parses the rest with Go's flag package (main.go resolveConfig, do_init.go,
// commands.go). Go flag rules kept here: `-f`, `--f`, `-f=v`, `-f v` (not for booleans), a boolean
// given alone is true and only `-f=false` sets false; parsing stops at the first non-flag argument or
// after `--`; an unknown flag is an error; `-h`/`-help` asks for usage.
import { type ConfigOverrides, DEFAULT_CONF } from '@saba/agent-config';

/** The parsed command line: a subcommand and its flags. */
export interface AgentArgs {
  command: 'run' | 'init' | 'once' | 'configtest' | 'retire' | 'version' | 'supervise';
  /** `-conf`, default /etc/mackerel-agent/mackerel-agent.conf. */
  conf: string;
  /** `retire -force`: no confirmation prompt. */
  force: boolean;
  /** Only the flags given on the command line; for `init`, `apikey` is the key to write. */
  overrides: ConfigOverrides;
  /** `-child` (internal): a child of `supervise`, which must not write the pidfile. */
  child: boolean;
  /** `-private-autoshutdown` (internal): exit when the executable file changes. */
  autoShutdown: boolean;
  /** Arguments after the flags (Go's flag.Args()); mackerel-agent ignores them. */
  rest: string[];
}

/** Bad command-line input; the message ends with a usage line. `code` is the exit status Go would use. */
export class ArgsError extends Error {
  override readonly name = 'ArgsError';
  /** 2 for bad input, 0 for `-h`/`-help` (Go's flag package exits 0 on ErrHelp). */
  readonly code: 0 | 2;

  constructor(message: string, code: 0 | 2 = 2) {
    super(message);
    this.code = code;
  }
}

/** The name usage lines show. */
export const PROGRAM = 'saba-agent';

type Command = AgentArgs['command'];
type FlagKind = 'string' | 'bool' | 'roles';

// Usage lines are the first lines of the official commands' docs (commands_gen.go).
const USAGE: Readonly<Record<Command, string>> = {
  run: `${PROGRAM} [options]`,
  init: `${PROGRAM} init -apikey=xxxxxxxxxxx [-conf=mackerel-agent.conf]`,
  supervise: `${PROGRAM} supervise -conf mackerel-agent.conf ...`,
  version: `${PROGRAM} version`,
  configtest: `${PROGRAM} configtest`,
  retire: `${PROGRAM} retire [-force]`,
  once: `${PROGRAM} once`,
};

// main.go resolveConfig: the flags of run, supervise, configtest, once and retire.
const COMMON_FLAGS: Readonly<Record<string, FlagKind>> = {
  conf: 'string',
  apibase: 'string',
  pidfile: 'string',
  root: 'string',
  apikey: 'string',
  diagnostic: 'bool',
  'private-autoshutdown': 'bool',
  child: 'bool',
  verbose: 'bool',
  v: 'bool',
  role: 'roles',
};

const FLAGS: Readonly<Record<Command, Readonly<Record<string, FlagKind>>>> = {
  run: COMMON_FLAGS,
  supervise: COMMON_FLAGS,
  configtest: COMMON_FLAGS,
  once: COMMON_FLAGS,
  retire: { ...COMMON_FLAGS, force: 'bool' }, // main.go resolveConfigForRetire
  init: { conf: 'string', apikey: 'string' }, // do_init.go doInitialize
  version: {}, // commands.go doVersion does not parse its arguments
};

const COMMANDS = Object.keys(USAGE) as Command[];

// strconv.ParseBool
const BOOLS: Readonly<Record<string, boolean>> = {
  '1': true,
  t: true,
  T: true,
  TRUE: true,
  true: true,
  True: true,
  '0': false,
  f: false,
  F: false,
  FALSE: false,
  false: false,
  False: false,
};

/** Parses argv (without node and script) the way Go's flag package does for mackerel-agent; throws ArgsError with a usage line on bad input. */
export function parseArgs(argv: readonly string[]): AgentArgs {
  const first = argv[0];
  let command: Command = 'run';
  let args = argv;
  if (first !== undefined && !first.startsWith('-')) {
    if (!(COMMANDS as string[]).includes(first) || first === 'run') {
      throw new ArgsError(
        `unknown command ${JSON.stringify(first)}\nUsage: ${PROGRAM} <command> [<args>]\nCommands: ${COMMANDS.filter((c) => c !== 'run').join(', ')}`,
      );
    }
    command = first as Command;
    args = argv.slice(1);
  }
  const out: AgentArgs = {
    command,
    conf: DEFAULT_CONF,
    force: false,
    overrides: {},
    child: false,
    autoShutdown: false,
    rest: [],
  };
  if (command === 'version') return { ...out, rest: [...args] };

  const spec = FLAGS[command];
  const fail = (msg: string): ArgsError => new ArgsError(`${msg}\nUsage: ${USAGE[command]}`);
  let roles: string[] | undefined;
  let i = 0;
  while (i < args.length) {
    const s = args[i] as string;
    if (s.length < 2 || s[0] !== '-') break;
    let dashes = 1;
    if (s[1] === '-') {
      dashes = 2;
      if (s.length === 2) {
        i++;
        break;
      }
    }
    let name = s.slice(dashes);
    if (name === '' || name[0] === '-' || name[0] === '=') throw fail(`bad flag syntax: ${s}`);
    i++;
    let value: string | undefined;
    const eq = name.indexOf('=', 1);
    if (eq > 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    const kind = spec[name];
    if (kind === undefined) {
      if (name === 'h' || name === 'help') throw new ArgsError(`Usage: ${USAGE[command]}`, 0);
      throw fail(`flag provided but not defined: -${name}`);
    }
    if (kind === 'bool') {
      let b = true;
      if (value !== undefined) {
        const parsed = BOOLS[value];
        if (parsed === undefined)
          throw fail(`invalid boolean value ${JSON.stringify(value)} for -${name}: parse error`);
        b = parsed;
      }
      setBool(out, name, b);
      continue;
    }
    if (value === undefined) {
      if (i >= args.length) throw fail(`flag needs an argument: -${name}`);
      value = args[i] as string;
      i++;
    }
    // main.go roleFullnamesFlag.Set: each -role appends, and a value is split on commas.
    if (kind === 'roles') roles = [...(roles ?? []), ...value.split(',')];
    else setString(out, name, value);
  }
  if (roles !== undefined) out.overrides.roles = roles;
  out.rest = args.slice(i);
  return out;
}

function setBool(out: AgentArgs, name: string, b: boolean): void {
  if (name === 'force') out.force = b;
  else if (name === 'child') out.child = b;
  else if (name === 'private-autoshutdown') out.autoShutdown = b;
  else if (name === 'diagnostic') out.overrides.diagnostic = b;
  else out.overrides.verbose = b; // -verbose and -v share one variable in main.go
}

function setString(out: AgentArgs, name: string, value: string): void {
  if (name === 'conf') out.conf = value;
  else if (name === 'apibase') out.overrides.apibase = value;
  else if (name === 'apikey') out.overrides.apikey = value;
  else if (name === 'pidfile') out.overrides.pidfile = value;
  else out.overrides.root = value;
}
