import { YEAR_2025 } from './2025.ts';
import { YEAR_2026 } from './2026.ts';
import type { CalendarYear } from './types.ts';

export type { CalendarYear } from './types.ts';

/** Every year the official calendar covers. Adding a year = adding its file here. */
export const CALENDAR_YEARS: readonly CalendarYear[] = [YEAR_2025, YEAR_2026];
