import { httpFunction } from '../../shared/http/function.ts';
import { serveActions } from '../../shared/cases/workflow.ts';
import { assessNeed, recordAppraisal, recordCheck, recordVisit } from '../../shared/cases/verification.ts';

/** 核对报告, 入户调查, 民主评议 (二十). */
export const handler = httpFunction('verification', (on) => {
  serveActions(on, { recordCheck, recordVisit, recordAppraisal, assessNeed });
});
