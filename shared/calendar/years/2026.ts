import type { CalendarYear } from './types.ts';

/**
 * 国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日，新华社受权发布）.
 * The document number is not printed in the published text we checked; fill it in from the
 * official copy (it is believed to be 国办发明电〔2025〕7号).
 */
export const YEAR_2026: CalendarYear = {
  year: 2026,
  notice: {
    title: '国务院办公厅关于2026年部分节假日安排的通知',
    number: null,
    issued: '2025-11-04',
    note: '文号待与正式文本核对',
  },
  holidays: [
    { name: '元旦', from: '2026-01-01', to: '2026-01-03' },
    { name: '春节', from: '2026-02-15', to: '2026-02-23' },
    { name: '清明节', from: '2026-04-04', to: '2026-04-06' },
    { name: '劳动节', from: '2026-05-01', to: '2026-05-05' },
    { name: '端午节', from: '2026-06-19', to: '2026-06-21' },
    { name: '中秋节', from: '2026-09-25', to: '2026-09-27' },
    { name: '国庆节', from: '2026-10-01', to: '2026-10-07' },
  ],
  workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};
