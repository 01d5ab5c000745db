import type { Request, Result } from './function.ts';
import type { AppError } from './problem.ts';

/**
 * The no-JavaScript 找回申请编号 form (portal /track/recover/) posts here and is answered with a redirect to
 * a static page of the portal: sent (the same whether or not anything matched), check what was typed (a
 * number in the wrong shape: the page says what each field needs), or wait (rate-limited). Nothing typed is echoed back, so no
 * page holds the ID number.
 */
export const RECOVERY_PATH = '/api/v1/applications/recovery';

const redirect = (to: string): Result => ({ status: 303, headers: { location: to, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' } });

export const recoveryFormRedirect = (_status: number): Result => redirect('/track/recover/sent/');

export function recoveryFormError(req: Partial<Request>, error: AppError): Result | undefined {
  if (req.bodyKind !== 'form') return undefined;
  if (error.status === 429) return redirect('/track/recover/wait/');
  if (error.status === 400 || error.status === 422) return redirect('/track/recover/check/');
  return undefined;
}
