import { httpFunction } from '../../shared/http/function.ts';
import { requireActor } from '../../shared/http/auth.ts';
import { openBids } from '../../shared/procurement/opening.ts';
import { publicTender } from '../../shared/procurement/publication.ts';

/**
 * 开标 (measure 十八): its own function, so its role can be the only one the bid key lets decrypt
 * (shared/procurement/README.md, threat model). The procurement function seals bids but cannot open them.
 */
export const handler = httpFunction('opening', (on) => {
  on('POST /api/v1/tenders/{id}/opening', async (req) => ({ status: 200, body: publicTender(await openBids(requireActor(req.actor), req.params.id ?? '', req.now)) }));
});
