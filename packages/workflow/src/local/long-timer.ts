/** Node's timers hold a signed 32-bit millisecond count: a longer delay fires after 1 ms instead (~24.8 days). */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * `setTimeout` for any delay: chains timers of at most `maxChunkMs`, re-reading the clock at each link so the
 * callback never fires early. Returns a function that cancels it.
 */
export function setLongTimeout(callback: () => void, delayMs: number, maxChunkMs = MAX_TIMER_MS): () => void {
  const dueAt = Date.now() + Math.max(0, delayMs);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (): void => {
    const remaining = dueAt - Date.now();
    if (remaining <= 0) {
      timer = undefined;
      callback();
      return;
    }
    timer = setTimeout(arm, Math.min(remaining, maxChunkMs));
  };
  arm();
  return () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
}
