import type { Context } from 'aws-lambda';
import { httpFunction, type Request } from '../../shared/http/function.ts';
import { jobFunction } from '../../shared/jobs/function.ts';
import { requireActor } from '../../shared/http/auth.ts';
import { notFound } from '../../shared/http/problem.ts';
import { readBudget, readServiceList, saveBudget, saveServiceList } from '../../shared/procurement/planning.ts';
import { createTender, amendTender, terminateTender, tenderDocument } from '../../shared/procurement/tenders.ts';
import { requestUpload } from '../../shared/procurement/documents.ts';
import { answerClarification, askClarification, clarificationsFor } from '../../shared/procurement/clarifications.ts';
import { decideContractor, declareConflict, listCollection, myContractor, registerContractor, saveExpert } from '../../shared/procurement/registry.ts';
import { myBid, receiptByCode, submitBid } from '../../shared/procurement/bids.ts';
import { drawEvaluators, evaluationView, submitScore } from '../../shared/procurement/evaluation.ts';
import { answerChallenge, award, challengesFor, fileChallenge, signOffAward } from '../../shared/procurement/award.ts';
import { evaluateMilestone, pay, reportDelivery, signContract } from '../../shared/procurement/contracts.ts';
import { closeDeadlines, contractDetail, listTenders, publicTender, recordPackage, releasePackage, tenderDetail } from '../../shared/procurement/publication.ts';
import { COLLECTIONS } from '../../shared/procurement/keys.ts';
import type { StoredAnswer } from '../../shared/store/idempotency.ts';

/**
 * 政府购买社会救助服务 (measure 十八): thin handlers over shared/procurement. Schedules send
 * `{ job, date }` (tender-deadlines); API Gateway events carry `requestContext`.
 */
const ok = (body: unknown) => ({ status: 200, body });
const answered = (a: StoredAnswer) => ({ status: a.status, body: a.body });
const id = (req: Request) => req.params.id ?? '';

const http = httpFunction('procurement', (on) => {
  on('GET /api/v1/service-lists', async (req) => ok(await readServiceList(req.query.county, Number(req.query.year))));
  on('POST /api/v1/service-lists', async (req) => ok(await saveServiceList(requireActor(req.actor), req.body, req.now)));
  on('GET /api/v1/budgets', async (req) => ok(await readBudget(req.query.county, Number(req.query.year))));
  on('POST /api/v1/budgets', async (req) => ok(await saveBudget(requireActor(req.actor), req.body, req.now)));

  on('GET /api/v1/tenders', async (req) => ok(await listTenders(req.query.cursor)));
  on('GET /api/v1/tenders/{id}', async (req) => ok(await tenderDetail(id(req))));
  on('POST /api/v1/tenders', async (req) => answered(await createTender(requireActor(req.actor), req.body, req.now, req.idempotency)));
  on('POST /api/v1/tender-documents', async (req) => ({ status: 201, body: await requestUpload(requireActor(req.actor), req.body) }));
  on('GET /api/v1/tenders/{id}/documents/{documentId}', async (req) => ok(await tenderDocument(requireActor(req.actor), id(req), req.params.documentId ?? '')));
  on('POST /api/v1/tenders/{id}/amendments', async (req) => ok(publicTender(await amendTender(requireActor(req.actor), id(req), req.body, req.now))));
  on('POST /api/v1/tenders/{id}/clarifications', async (req) => answered(await askClarification(requireActor(req.actor), id(req), req.body.question, req.now, req.idempotency)));
  on('GET /api/v1/tenders/{id}/clarifications', async (req) => ok(await clarificationsFor(requireActor(req.actor), id(req))));
  on('POST /api/v1/tenders/{id}/clarifications/{clarificationId}/answer', async (req) =>
    ok(await answerClarification(requireActor(req.actor), id(req), req.params.clarificationId ?? '', req.body, req.now)),
  );
  on('POST /api/v1/tenders/{id}/termination', async (req) => ok(publicTender(await terminateTender(requireActor(req.actor), id(req), req.body.reason, req.now))));

  on('POST /api/v1/contractors', async (req) => answered(await registerContractor(requireActor(req.actor), req.body, req.now, req.idempotency)));
  on('GET /api/v1/contractors', async () => ok({ items: await listCollection(COLLECTIONS.contractors) }));
  on('GET /api/v1/contractors/me', async (req) => ok(await myContractor(requireActor(req.actor))));
  on('POST /api/v1/contractors/{organisation}/verification', async (req) => ok(await decideContractor(requireActor(req.actor), req.params.organisation ?? '', req.body, req.now)));
  on('POST /api/v1/experts', async (req) => ok(await saveExpert(requireActor(req.actor), req.body, req.now)));
  on('POST /api/v1/experts/me/conflicts', async (req) => ok(await declareConflict(requireActor(req.actor), req.body.organisation, req.body.reason, req.now)));

  on('POST /api/v1/tenders/{id}/bids', async (req) => answered(await submitBid(requireActor(req.actor), id(req), req.body, req.now, req.idempotency)));
  on('GET /api/v1/bids/receipts/{code}', async (req) => ok(await receiptByCode(requireActor(req.actor), req.params.code ?? '')));
  on('GET /api/v1/tenders/{id}/bids/mine', async (req) => ok(await myBid(requireActor(req.actor), id(req))));
  on('POST /api/v1/tenders/{id}/panel', async (req) => ok(await drawEvaluators(requireActor(req.actor), id(req), req.body, req.now)));
  on('GET /api/v1/tenders/{id}/evaluation', async (req) => ok(await evaluationView(requireActor(req.actor), id(req))));
  on('POST /api/v1/tenders/{id}/scores', async (req) => ok(await submitScore(requireActor(req.actor), id(req), req.body, req.now)));
  on('POST /api/v1/tenders/{id}/award', async (req) => answered(await award(requireActor(req.actor), id(req), req.body, req.now, req.idempotency)));
  on('POST /api/v1/tenders/{id}/award/sign-off', async (req) => answered(await signOffAward(requireActor(req.actor), id(req), req.now)));
  on('POST /api/v1/tenders/{id}/challenges', async (req) => answered(await fileChallenge(requireActor(req.actor), id(req), req.body.grounds, req.now, req.idempotency)));
  on('GET /api/v1/tenders/{id}/challenges', async (req) => ok({ items: await challengesFor(requireActor(req.actor), id(req)) }));
  on('POST /api/v1/tenders/{id}/challenges/{challengeId}/answer', async (req) => ok(await answerChallenge(requireActor(req.actor), id(req), req.params.challengeId ?? '', req.body, req.now)));
  on('POST /api/v1/tenders/{id}/contract', async (req) => answered(await signContract(requireActor(req.actor), id(req), req.body, req.now, req.idempotency)));

  on('GET /api/v1/contracts/{id}', async (req) => ok(await contractDetail(id(req))));
  on('POST /api/v1/contracts/{id}/payments', async (req) => answered(await pay(requireActor(req.actor), id(req), req.body, req.now, req.idempotency)));
  on('POST /api/v1/contracts/{id}/evaluations', async (req) => ok(await evaluateMilestone(requireActor(req.actor), id(req), req.body, req.now)));
  on('POST /api/v1/contracts/{id}/reports', async (req) => ok(await reportDelivery(requireActor(req.actor), id(req), req.body, req.now)));

  on('GET /api/v1/ocds/releases', async (req) => {
    const { package: pkg, next } = await releasePackage(req.query.cursor, req.now);
    // An OCDS release package must hold at least one release: until the first one, there is no package.
    if (pkg.releases.length === 0) throw notFound('no-releases-yet', '尚未发布政府购买社会救助服务的开放数据。');
    return { status: 200, body: pkg, ...(next ? { headers: { link: `</api/v1/ocds/releases?cursor=${next}>; rel="next"` } } : {}) };
  });
  on('GET /api/v1/ocds/records/{ocid}', async (req) => ok(await recordPackage(req.params.ocid ?? '', req.now)));
});

const jobs = jobFunction({
  'tender-deadlines': async ({ date, now }) => closeDeadlines(date, now),
});

export const handler = (event: unknown, context: Context): Promise<unknown> =>
  event && typeof event === 'object' && 'requestContext' in event ? http(event as Parameters<typeof http>[0], context) : jobs(event as Parameters<typeof jobs>[0], context);
