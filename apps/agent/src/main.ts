// saba-agent's entry: parses the command line and runs one command (spec §16 subcommands).

import { apikeyKeptMessage, ConfigError, configTest, initConfig } from '@saba/agent-config';
import { ArgsError, parseArgs } from './cli/args.ts';
import { runOnce } from './commands/once.ts';
import { retire } from './commands/retire.ts';
import { runAgent } from './commands/run.ts';
import { AGENT_REVISION, AGENT_VERSION } from './version.ts';

/** Runs the command `argv` names; resolves with the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof ArgsError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
  try {
    switch (args.command) {
      case 'version':
        process.stdout.write(
          `saba-agent version ${AGENT_VERSION} (rev ${AGENT_REVISION}) [linux ${process.arch} node ${process.version}]\n`,
        );
        return 0;
      case 'init': {
        const apikey = args.overrides.apikey;
        if (apikey === undefined || apikey === '') {
          process.stderr.write('init: -apikey=KEY is required\n');
          return 1;
        }
        const done = await initConfig(args.conf, apikey);
        if (done === 'kept') process.stderr.write(`${apikeyKeptMessage(args.conf)}\n`);
        return 0;
      }
      case 'configtest': {
        const { lines, code } = await configTest(args.conf, args.overrides);
        for (const l of lines) (code === 0 ? process.stdout : process.stderr).write(`${l}\n`);
        return code;
      }
      case 'once':
        return await runOnce(args);
      case 'retire':
        return await retire(args);
      case 'run':
      case 'supervise':
        // `supervise` exists to reload on SIGHUP; `run` already reloads in place, so both run the agent.
        return await runAgent(args);
    }
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
