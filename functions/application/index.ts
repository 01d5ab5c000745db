import { httpFunction } from '../../shared/http/function.ts';
import { invalidField } from '../../shared/http/problem.ts';
import { createApplication, type ApplicationInput } from '../../shared/cases/application.ts';
import { lookupApplication } from '../../shared/cases/lookup.ts';

/** 申请 and 查询进度 (十九)(二十); later: accept, return, route, withdraw, consent. */
export const handler = httpFunction('application', (on) => {
  on('POST /api/v1/applications', async (req) => {
    const input = req.body as ApplicationInput;
    if (input.type !== 'vagrant') {
      input.household.members.forEach((m, i) => {
        if (!m.idNumber) throw invalidField(`household.members.${i}.idNumber`, 'required', '请填写这位家庭成员的身份证号码');
      });
    }
    const answer = await createApplication({
      input,
      now: req.now,
      channel: 'portal',
      actor: req.actor ? { sub: req.actor.sub, role: req.actor.role } : { sub: 'applicant', role: 'applicant' },
      ...(req.idempotency ? { idempotency: req.idempotency } : {}),
    });
    return { status: answer.status, body: answer.body };
  });

  on('POST /api/v1/applications/lookup', async (req) => {
    return { status: 200, body: await lookupApplication(req.body.reference, req.body.idNumber, req.sourceIp, req.now) };
  });
});
