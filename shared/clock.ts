/**
 * "Now" is injectable. A handler takes it from the API Gateway event (`requestContext.timeEpoch`),
 * which the local gateway sets from its own clock, so tests and jobs can run "as of" a date.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export const fixedClock = (iso: string | Date): Clock => {
  const at = new Date(iso);
  return { now: () => new Date(at) };
};

/** ISO 8601 with the Asia/Shanghai offset, e.g. 2026-11-28T20:45:00+08:00. */
export function isoShanghai(at: Date): string {
  const shifted = new Date(at.getTime() + 8 * 3600_000);
  return shifted.toISOString().replace(/\.\d{3}Z$/, '+08:00');
}

/** The calendar date in Asia/Shanghai (China has had no DST since 1991). */
export function dateShanghai(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** A clock that can be moved to another moment and back (the demo's time travel, `npm run job`). */
export interface TravellingClock extends Clock {
  travel(iso: string | null): void;
}

export function travellingClock(): TravellingClock {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    travel: (iso) => {
      offsetMs = iso === null ? 0 : new Date(iso).getTime() - Date.now();
    },
  };
}
