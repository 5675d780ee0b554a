import { useEffect, useState } from 'preact/hooks';

/** Agents post once a minute, so live pages fetch again once a minute. */
const MINUTE_MS = 60_000;

/** A count that goes up each minute while `live`, for effects to depend on; it pauses while the tab is hidden. */
export function useMinute(live: boolean): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!live) return undefined;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') setTick((t) => t + 1);
    }, MINUTE_MS);
    // Coming back to a hidden tab refreshes at once instead of showing old graphs for up to a minute.
    const onVisible = () => {
      if (document.visibilityState === 'visible') setTick((t) => t + 1);
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [live]);
  return tick;
}
