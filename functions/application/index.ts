import { httpFunction, wantsHtml } from '../../shared/http/function.ts';
import { applicationFormAnswer, applicationFormError, FORM_PAGE_HEADERS } from '../../shared/http/form-pages.ts';
import { trackingPage } from '../../shared/http/track-page.ts';
import { requireActor } from '../../shared/http/auth.ts';
import { createApplication, type ApplicationInput } from '../../shared/cases/application.ts';
import { lookupApplication } from '../../shared/cases/lookup.ts';
import { accept, consent, returnForCompletion, withdraw } from '../../shared/cases/intake.ts';
import { route } from '../../shared/cases/referrals.ts';
import { serveActions } from '../../shared/cases/workflow.ts';
import { caseView, inbox } from '../../shared/cases/views.ts';
import { todayFor } from '../../shared/cases/today.ts';
import { recoverReferences } from '../../shared/notices/recovery.ts';
import { addEvidence } from '../../shared/cases/evidence.ts';
import { resumeDraft, saveDraft } from '../../shared/cases/drafts.ts';
import { RECOVERY_PATH, recoveryFormError, recoveryFormRedirect } from '../../shared/http/recovery-form.ts';

/**
 * 申请, 主动发现, 查询进度, 受理 / 退回 / 转办 / 撤回 / 核对授权, the inbox and the case (十九)(二十).
 * Only 流浪乞讨 (十四) may come without ID numbers: the application schema enforces it.
 */
export const handler = httpFunction(
  'application',
  (on) => {
    on('POST /api/v1/applications', async (req) => {
      const input = req.body as ApplicationInput;
      const answer = await createApplication({
        input,
        now: req.now,
        channel: 'portal',
        actor: req.actor ? { sub: req.actor.sub, role: req.actor.role } : { sub: 'applicant', role: 'applicant' },
        ...(req.idempotency ? { idempotency: req.idempotency } : {}),
      });
      // The no-JavaScript form gets a receipt page; everyone else gets JSON.
      return wantsHtml(req) ? applicationFormAnswer(answer, req.now, undefined, input) : { status: answer.status, body: answer.body };
    });

    on('POST /api/v1/applications/lookup', async (req) => {
      const answer = await lookupApplication(req.body.reference, req.body.idNumber, req.sourceIp, req.now);
      // The /track/ form (with or without JavaScript) gets the page; programs get JSON.
      return wantsHtml(req) ? { status: 200, html: trackingPage(answer), headers: FORM_PAGE_HEADERS } : { status: 200, body: answer };
    });

    // 找回申请编号: never shown, only sent by SMS; the same answer whether or not it matched.
    on('POST /api/v1/applications/recovery', async (req) => {
      const answer = await recoverReferences(req.body.idNumber, req.body.phone, req.sourceIp, req.now);
      return req.bodyKind === 'form' ? recoveryFormRedirect(202) : { status: 202, body: answer };
    });

    on('POST /api/v1/applications/{reference}/evidence', async (req) => {
      const answer = await addEvidence(req.params.reference ?? '', req.body, { caller: req.sourceIp, now: req.now, idempotency: req.idempotency });
      return { status: answer.status, body: answer.body };
    });

    on('POST /api/v1/drafts', async (req) => ({ status: 201, body: await saveDraft(req.body.idNumber, req.body.answers, req.sourceIp, req.now) }));
    on('POST /api/v1/drafts/resume', async (req) => ({ status: 200, body: await resumeDraft(req.body.code, req.body.idNumber, req.sourceIp, req.now) }));

    on('POST /api/v1/reports', async (req) => {
      const input = req.body as ApplicationInput;
      const actor = requireActor(req.actor);
      const answer = await createApplication({
        input,
        now: req.now,
        channel: 'grid',
        initialStatus: 'reported',
        actor: { sub: actor.sub, role: actor.role },
        ...(req.idempotency ? { idempotency: req.idempotency } : {}),
      });
      return { status: answer.status, body: answer.body };
    });

    on('GET /api/v1/inbox', async (req) => ({ status: 200, body: await inbox(requireActor(req.actor), req.query, req.now) }));
    on('GET /api/v1/today', async (req) => ({ status: 200, body: await todayFor(requireActor(req.actor), req.now) }));

    on('GET /api/v1/cases/{reference}', async (req) => ({ status: 200, body: await caseView(requireActor(req.actor), req.params.reference ?? '', req.now) }));

    serveActions(on, { accept, return: returnForCompletion, route, withdraw, consent });
  },
  (req, error) => (req.event?.routeKey === `POST ${RECOVERY_PATH}` ? recoveryFormError(req, error) : applicationFormError(req, error)),
).renderReplay((answer) => applicationFormAnswer(answer));
