export * from './dates.ts';
export * from './working-days.ts';
export { CALENDAR_YEARS, type CalendarYear } from './years/index.ts';
