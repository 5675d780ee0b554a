// The agent's clock from the environment: SABA_AGENT_MINUTE_MS shortens the minute for tests.
import { type Clock, systemClock } from '../clock.ts';

/** The real clock, or one with shorter minutes when SABA_AGENT_MINUTE_MS is set (tests only). */
export function clockFromEnv(env: NodeJS.ProcessEnv = process.env): Clock {
  const raw = env.SABA_AGENT_MINUTE_MS;
  return systemClock(raw === undefined || raw === '' ? 60_000 : Number(raw));
}
