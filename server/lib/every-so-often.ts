/**
 * Lets something happen at most once per `periodMs` in this process, counting what it held
 * back: an outage answered a hundred times a second is logged every ten seconds, not every time.
 */
export function everySoOften(periodMs: number, now: () => number = Date.now) {
  let last = -Infinity;
  let held = 0;
  return (act: (heldBack: number) => void): void => {
    if (now() - last < periodMs) {
      held++;
      return;
    }
    last = now();
    act(held);
    held = 0;
  };
}
