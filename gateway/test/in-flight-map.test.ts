// The gateway's registries of calls in flight (shared calls, merged entity fetches) are rebuilt
// every few hundred insertions (gateway/src/in-flight-map.ts): a call still in flight must stay
// findable across rebuilds, and one answered must not come back.
import { describe, expect, it } from 'vitest';
import { InFlightMap } from '../src/transport/in-flight-map';

describe('InFlightMap', () => {
  it('keeps entries in flight and forgets deleted ones across many rebuilds', () => {
    const map = new InFlightMap<string, { n: number }>();
    const live = new Map<string, { n: number }>();
    for (let n = 0; n < 2_000; n++) {
      const value = { n };
      map.set(`call ${n}`, value);
      live.set(`call ${n}`, value);
      // Every call but each seventh is answered four insertions later; those stay in flight.
      const answered = n - 4;
      if (answered >= 0 && answered % 7 !== 0) {
        map.delete(`call ${answered}`);
        live.delete(`call ${answered}`);
      }
    }
    expect(map.size).toBe(live.size);
    for (const [key, value] of live) expect(map.get(key)).toBe(value);
    expect(map.get('call 1')).toBeUndefined();
    expect(map.get('call 1994')).toBeUndefined();
    expect(map.get('call 1995')).toEqual({ n: 1995 }); // 7 × 285: never answered
    expect(map.get('call 1996')).toEqual({ n: 1996 }); // not answered yet
  });
});
