// Clock agreement between two processes on this machine: the offset of a remote clock from ours,
// taken from the round trip with the smallest duration (its half is the error bound).

export interface ClockCheck {
  /** remote − local, ms (add to a local time to get the remote clock). */
  offsetMs: number;
  /** Smallest round trip seen; |error| ≤ rttMs / 2. */
  rttMs: number;
  samples: number;
}

export async function clockOffset(localNow: () => number, remoteNow: () => Promise<number>, samples = 15): Promise<ClockCheck> {
  let best = { offsetMs: NaN, rttMs: Infinity };
  for (let i = 0; i < samples; i++) {
    const t0 = localNow();
    const r = await remoteNow();
    const t1 = localNow();
    if (t1 - t0 < best.rttMs) best = { offsetMs: r - (t0 + t1) / 2, rttMs: t1 - t0 };
  }
  return { ...best, samples };
}
