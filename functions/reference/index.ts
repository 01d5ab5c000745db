import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { httpFunction } from '../../shared/http/function.ts';
import { notFound, AppError } from '../../shared/http/problem.ts';
import { db, tableName } from '../../shared/store/client.ts';
import { loadMeasures } from '../../shared/policy/load-measures.ts';
import { addWorkingDays, CalendarNotCoveredError, calendarSource, yearOf } from '../../shared/calendar/index.ts';
import { openApiDocument } from '../../shared/contract/openapi.ts';
import { displaySetCookie, displayStylesheet, readDisplay, safeBack } from '../../shared/http/display.ts';
import { requireActor } from '../../shared/http/auth.ts';
import { publicCounty, storedCounties, updateTownshipPopulation, updateTownshipWindow } from '../../shared/reference/store.ts';
import { COUNTIES } from '../../shared/reference/areas.ts';
import { windowsPage } from '../../shared/http/windows-page.ts';

/** Public reference: health, areas (and the admin's population entry), the measures, the working-day calendar and the API description. */
const measures = loadMeasures();

const publicCache = { 'cache-control': 'public, max-age=300' };

export const handler = httpFunction('reference', (on) => {
  on('GET /api/v1/health', async () => {
    const started = Date.now();
    try {
      const out = await db().send(new DescribeTableCommand({ TableName: tableName() }));
      return { status: 200, body: { status: 'ok', table: out.Table?.TableStatus ?? 'UNKNOWN', latencyMs: Date.now() - started } };
    } catch {
      return { status: 503, body: { status: 'degraded', table: 'unreachable' } };
    }
  });

  on('GET /api/v1/me', async (req) => {
    // The scope comes from the staff table (authenticate), never from the token's own attributes.
    const { sub, role, name, county, township, department, organisation } = req.actor!;
    return { status: 200, body: { sub, role, name, county, township, department, organisation }, headers: { 'cache-control': 'no-store' } };
  });

  on('GET /api/v1/openapi.json', async () => {
    return { status: 200, body: openApiDocument(), headers: publicCache };
  });

  on('GET /api/v1/areas', async () => {
    const counties = (await storedCounties()).map(publicCounty);
    return { status: 200, body: { counties }, headers: publicCache };
  });

  on('POST /api/v1/areas/{county}/townships/{township}', async (req) => {
    const township = await updateTownshipPopulation(req.params.county!, req.params.township!, req.body, requireActor(req.actor), req.now);
    return { status: 200, body: township };
  });

  on('POST /api/v1/areas/{county}/townships/{township}/window', async (req) => {
    const township = await updateTownshipWindow(req.params.county!, req.params.township!, req.body, requireActor(req.actor), req.now);
    return { status: 200, body: township };
  });

  // 找到您的窗口 (shared/http/windows-page.ts): the table's windows, a county missing there from the seed data.
  on('GET /api/v1/windows', async (req) => {
    const stored = new Map((await storedCounties()).map((c) => [c.code, c]));
    const counties = COUNTIES.map((c) => publicCounty(stored.get(c.code) ?? c));
    return { status: 200, html: windowsPage(counties, COUNTIES, req.query.county), headers: { 'cache-control': 'no-cache' } };
  });

  // 长辈版 without JavaScript (shared/http/display.ts): the cookie, and the stylesheet it selects.
  on('GET /api/v1/display', async (req) => {
    const now = readDisplay(req.event.cookies);
    const contrast = req.query.contrast === 'toggle' ? (now.contrast === 'high' ? 'normal' : 'high') : (req.query.contrast ?? now.contrast);
    const next = { size: req.query.size ?? now.size, contrast };
    return { status: 303, headers: { location: safeBack(req.query.back), 'set-cookie': displaySetCookie(next), 'cache-control': 'no-store' } };
  });

  on('GET /api/v1/display.css', async (req) => {
    return { status: 302, headers: { location: displayStylesheet(readDisplay(req.event.cookies)), 'cache-control': 'no-cache', vary: 'Cookie' } };
  });

  on('GET /api/v1/policies', async () => {
    return {
      status: 200,
      body: {
        document: measures.document,
        chapters: measures.chapters,
        measures: measures.measures.map(({ id, numeral, title, chapter, departments }) => ({ id, numeral, title, chapter, departments })),
      },
      headers: publicCache,
    };
  });

  on('GET /api/v1/policies/{id}', async (req) => {
    const id = Number(req.params.id);
    const measure = Number.isInteger(id) ? measures.measures.find((m) => m.id === id) : undefined;
    if (!measure) throw notFound('no-such-measure', `没有第 ${req.params.id} 条措施。措施编号为 1 至 ${measures.measures.length}。`);
    const chapter = measures.chapters.find((c) => c.number === measure.chapter);
    const { line: _line, ...rest } = measure;
    return { status: 200, body: { ...rest, chapterTitle: chapter?.title }, headers: publicCache };
  });

  on('GET /api/v1/calendar/working-days', async (req) => {
    const { from, add } = req.query;
    try {
      const date = addWorkingDays(from, Number(add));
      return { status: 200, body: { date, from, add: Number(add), source: calendarSource(yearOf(date)) }, headers: publicCache };
    } catch (error) {
      if (error instanceof CalendarNotCoveredError) {
        throw new AppError(422, 'calendar-not-covered', '日历尚未覆盖该年份', `${error.message}。`, [{ field: 'from', code: 'not-covered', message: error.message }]);
      }
      throw error;
    }
  });
});
