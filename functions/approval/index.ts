import { httpFunction } from '../../shared/http/function.ts';
import { serveActions } from '../../shared/cases/workflow.ts';
import { actionPath } from '../../shared/definitions/routes.ts';
import { countyReview, decideRecovery, listPublicity, propose, publicize, raiseObjection, recordOneMatter, signOneMatter, triageObjection } from '../../shared/cases/proposal.ts';
import { approve, reject } from '../../shared/cases/decision.ts';
import type { ActionBody } from '../../shared/contract/cases.ts';
import { objectionFormError, objectionFormRedirect } from '../../shared/http/objection-form.ts';

/** 审核意见, 公示, 异议, 县级复核, 审核确认 (二十)(二十三); the public rosters. */
export const handler = httpFunction(
  'approval',
  (on) => {
    serveActions(on, { propose, publicize, triageObjection, countyReview, recordOneMatter, signOneMatter, decideRecovery, approve, reject });

    // Anyone may object during 公示; the objection is rate-limited per caller like the look-up.
    on(`POST ${actionPath('object')}`, async (req) => ({
      status: 200,
      body: await raiseObjection(req.params.reference ?? '', req.body as ActionBody<'object'>, req.sourceIp, req.now, req.actor),
    }));

    // Online, from the 公示 page (with or without JavaScript): the same objection, with a contact.
    on('POST /api/v1/objections', async (req) => {
      const { reference, reason, contactPhone, contactName } = req.body;
      const answer = await raiseObjection(reference, { reason, contactPhone }, req.sourceIp, req.now, req.actor, { contactName });
      return req.bodyKind === 'form' ? objectionFormRedirect() : { status: 200, body: { reference: answer.reference, status: answer.status, objection: answer.objection } };
    });

    on('GET /api/v1/publicity', async (req) => ({ status: 200, body: await listPublicity(req.query), headers: { 'cache-control': 'public, max-age=60' } }));
  },
  objectionFormError,
);
