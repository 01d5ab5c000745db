import type { Request, Result } from './function.ts';
import type { AppError } from './problem.ts';

/**
 * The no-JavaScript objection page (portal /publicity/object/) posts to `POST /api/v1/objections` and is
 * answered with a redirect to a static page: sent, check what was typed, not in 公示 (or no such 公示编号),
 * or wait (rate-limited). Nothing typed is echoed back. Other form posts to the approval function get problem+json.
 */
const redirect = (to: string): Result => ({ status: 303, headers: { location: to, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } });

export const objectionFormRedirect = (): Result => redirect('/publicity/object/sent/');

export function objectionFormError(req: Partial<Request>, error: AppError): Result | undefined {
  if (req.bodyKind !== 'form' || req.event?.routeKey !== 'POST /api/v1/objections') return undefined;
  if (error.status === 429) return redirect('/publicity/object/wait/');
  if (error.status === 404 || error.status === 409) return redirect('/publicity/object/closed/');
  if (error.status === 400 || error.status === 422) return redirect('/publicity/object/check/');
  return undefined;
}
