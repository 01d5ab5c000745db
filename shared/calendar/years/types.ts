import type { IsoDate } from '../dates.ts';

/** One year's official arrangement of public holidays and 调休 workdays. */
export interface CalendarYear {
  year: number;
  /** The State Council notice the dates come from. */
  notice: { title: string; number: string | null; issued: IsoDate; note?: string };
  /** Holiday periods as the notice states them, both ends inclusive (weekends inside included). */
  holidays: readonly { name: string; from: IsoDate; to: IsoDate }[];
  /** Weekend days the notice makes working days (调休上班). */
  workdays: readonly IsoDate[];
}
