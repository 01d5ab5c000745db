import { httpFunction } from '../../shared/http/function.ts';
import { AppError } from '../../shared/http/problem.ts';
import { parametersInForce, ParameterNotInForceError } from '../../shared/policy/parameters.ts';
import { loadPublished, parametersOn, publishValue } from '../../shared/policy/store.ts';
import { calculate, type CalculationInput } from '../../shared/rules/calculate.ts';
import { MemberBirthDateError } from '../../shared/rules/household.ts';
import { CalendarNotCoveredError } from '../../shared/calendar/index.ts';
import { dateShanghai } from '../../shared/clock.ts';
import { wantsHtml } from '../../shared/http/function.ts';
import { FORM_PAGE_HEADERS } from '../../shared/http/form-pages.ts';
import { estimateErrorPage, estimateFormPage, estimateResultPage } from '../../shared/http/estimate-page.ts';

/** The plain form's fields as sent (not the mapped JSON), to fill the form again. */
const bodyFields = (req: { event: { body?: string; isBase64Encoded?: boolean } }): Record<string, string> => {
  const raw = req.event.isBase64Encoded ? Buffer.from(req.event.body ?? '', 'base64').toString('utf8') : (req.event.body ?? '');
  return Object.fromEntries(new URLSearchParams(raw));
};

/** 救助标准 (the parameters in force, and publishing new values) and the public 试算 (with a plain-form page for readers without JavaScript). */
export const handler = httpFunction(
  'rules',
  (on) => {
    on('GET /api/v1/estimate', async () => ({ status: 200, html: estimateFormPage(), headers: { 'cache-control': 'public, max-age=300' } }));

    on('GET /api/v1/standards', async (req) => {
      const date = req.query.date ?? dateShanghai(req.now);
      return { status: 200, body: parametersInForce(date, (await loadPublished()).values) };
    });

    on('POST /api/v1/standards', async (req) => {
      const published = await publishValue(req.body, { sub: req.actor!.sub, role: req.actor!.role }, req.now);
      return { status: 201, body: published };
    });

    on('POST /api/v1/calculations', async (req) => {
      const input = req.body as CalculationInput;
      try {
        const result = calculate(input, await parametersOn(input.date));
        const { eligible, monthlyAmountFen, oneOffAmountFen, trace, parameterVersions, details } = result;
        // The plain 试算 form (no JavaScript) gets the page: the result, then the form as sent.
        if (wantsHtml(req))
          return {
            status: 200,
            html: estimateResultPage({ eligible, monthlyAmountFen, oneOffAmountFen, trace, parameterVersions }, req.event.body ? bodyFields(req) : {}),
            headers: FORM_PAGE_HEADERS,
          };
        return {
          status: 200,
          body: { eligible, monthlyAmountFen, oneOffAmountFen, trace, parameterVersions, details, notice: '试算结果仅供参考，不是审核决定；是否给予救助以乡镇（街道）审核确认为准。' },
        };
      } catch (error) {
        if (error instanceof MemberBirthDateError)
          throw new AppError(400, 'validation-failed', '填写的内容有误', error.message, [{ field: 'household.members', code: error.code, message: error.message }]);
        if (error instanceof ParameterNotInForceError)
          throw new AppError(422, 'parameter-not-in-force', '该日期没有有效标准', error.message, [{ field: 'date', code: error.code, message: error.message }]);
        if (error instanceof CalendarNotCoveredError)
          throw new AppError(422, 'calendar-not-covered', '日历尚未覆盖该年份', error.message, [{ field: 'date', code: error.code, message: error.message }]);
        throw error;
      }
    });
  },
  // A refused plain 试算 form: the form again as sent, with every error.
  (req, error) =>
    req.bodyKind === 'form' && req.event?.routeKey === 'POST /api/v1/calculations'
      ? { status: error.status, html: estimateErrorPage({ title: error.title, detail: error.message, errors: error.errors ?? [] }, req.body), headers: FORM_PAGE_HEADERS }
      : undefined,
);
