import { findCounty } from '../../reference/areas.ts';
import { METHODS } from '../methods.ts';
import type { TenderState, ContractState, TenderContact, TenderDocument } from '../model.ts';
import { formatPoints } from '../scoring.ts';

/**
 * OCDS 1.1.5 releases of one contracting process (measure 十八, open data). Each event writes one
 * immutable release built from the aggregate's state after the change; nothing personal is in them
 * (organisations only; cases served are published as a count).
 *
 * ocid = `${OCID_PREFIX}-${tenderId}`; OCID_PREFIX is configurable (default `ocds-bozhou`; a real
 * publisher registers its own `ocds-xxxxxx` prefix with the Open Contracting Partnership).
 * Amounts: OCDS wants currency units, so fen are written as yuan by formatting the integer
 * (`12345` → `123.45`), never by float arithmetic.
 */
export type Release = Record<string, unknown> & { ocid: string; id: string; date: string; tag: string[] };

export const BID_EXTENSION_URL = 'https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json';
export const ocidPrefix = (): string => process.env.OCID_PREFIX || 'ocds-bozhou';
export const ocidFor = (tenderId: string): string => `${ocidPrefix()}-${tenderId}`;

export const yuan = (fen: number): number => Number(`${fen < 0 ? '-' : ''}${Math.trunc(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`);
const money = (fen: number) => ({ amount: yuan(fen), currency: 'CNY' });

export const buyerId = (county: string): string => `CN-MZJ-${county}`;
export const orgPartyId = (creditCode: string): string => `CN-USCC-${creditCode}`;

function buyerParty(county: string, contact?: TenderContact) {
  const name = `${findCounty(county)?.name ?? county}民政局`;
  return {
    id: buyerId(county),
    name,
    roles: ['buyer', 'procuringEntity'],
    address: { ...(contact?.address ? { streetAddress: contact.address } : {}), region: '安徽省亳州市', countryName: '中国' },
    ...(contact ? { contactPoint: { name: contact.name, telephone: contact.phone } } : {}),
  };
}

function orgParty(o: { name: string; creditCode: string }, roles: string[]) {
  return { id: orgPartyId(o.creditCode), name: o.name, identifier: { scheme: 'CN-USCC', id: o.creditCode, legalName: o.name }, roles };
}

function base(t: TenderState, seq: number, date: string, tag: string[]): Release {
  return {
    ocid: t.ocid,
    id: `${t.ocid}-${String(seq).padStart(4, '0')}`,
    date,
    tag,
    initiationType: 'tender',
    language: 'zh',
    buyer: { id: buyerId(t.county), name: buyerParty(t.county).name },
  };
}

function tenderSection(t: TenderState, status: string) {
  return {
    id: t.id,
    title: t.title,
    description: t.description,
    status,
    procuringEntity: { id: buyerId(t.county), name: buyerParty(t.county).name },
    items: [{ id: t.service.id, description: `${t.service.name}：${t.service.description}`, unit: { name: t.service.unit } }],
    value: money(t.valueCapFen),
    procurementMethod: METHODS[t.method].ocds,
    procurementMethodDetails: METHODS[t.method].label,
    mainProcurementCategory: 'services',
    awardCriteria: 'ratedCriteria',
    awardCriteriaDetails: `综合评分法：${t.criteria.map((c) => `${c.name}${c.weight}分`).join('，')}（价格分采用低价优先法）`,
    submissionMethod: ['electronicSubmission'],
    tenderPeriod: { startDate: t.publishedAt, endDate: t.deadline },
    documents: [...t.documents.map((d) => documentEntry(t, d)), ...clarificationDocuments(t)],
    ...(t.amendments.length || t.clarifications?.length
      ? { amendments: [...t.amendments.map((a) => ({ id: a.id, date: a.at, rationale: a.rationale, description: a.description })), ...clarificationAmendments(t)] }
      : {}),
    ...(t.opening ? { numberOfTenderers: t.opening.bids.length, tenderers: t.opening.bids.map((b) => ({ id: orgPartyId(b.creditCode), name: b.name })) } : {}),
  };
}

/**
 * A 采购文件 in OCDS: the format is the stored type and the description carries the SHA-256 the platform computed
 * from the stored object (OCDS 1.1.5 has no hash field), so anyone can check a downloaded copy.
 */
function documentEntry(t: TenderState, d: TenderDocument) {
  return {
    id: d.id ?? d.key,
    documentType: 'biddingDocuments',
    title: d.title,
    datePublished: t.publishedAt,
    ...(d.sha256 && d.id
      ? {
          description: `SHA-256：${d.sha256}（${d.size} 字节）。服务承接机构登录后下载，可用此值核对文件是否完整、未被改动。`,
          format: d.contentType,
          url: `${process.env.PUBLIC_BASE_URL || 'https://bozhou-assistance.example'}/api/v1/tenders/${t.id}/documents/${d.id}`,
        }
      : {}),
  };
}

/** Each answered 澄清 as a `clarifications` document (the question and the answer, without the asker). */
function clarificationDocuments(t: TenderState) {
  return (t.clarifications ?? []).map((c) => ({
    id: `${t.id}-${c.id}`,
    documentType: 'clarifications',
    title: `澄清：${c.question.slice(0, 40)}`,
    description: `问：${c.question}\n答：${c.answer.text}`,
    datePublished: c.answer.at,
  }));
}

/** …and as an amendment of the tender, saying whether it changed the documents and moved the deadline. */
function clarificationAmendments(t: TenderState) {
  return (t.clarifications ?? []).map((c) => ({
    id: `${t.id}-${c.id}`,
    date: c.answer.at,
    rationale: '答复潜在投标人的澄清问题',
    description: c.answer.deadlineMoved
      ? `澄清内容影响投标文件编制，投标截止时间由 ${c.answer.deadlineMoved.from} 顺延至 ${c.answer.deadlineMoved.to}（${c.answer.deadlineMoved.source}）`
      : c.answer.changesDocuments
        ? '澄清内容影响投标文件编制；距投标截止时间已足法定期限，截止时间不变'
        : '澄清，不改变采购文件',
  }));
}

/** planning: the county's purchase allocation (1 % of the year's assistance funds) this process draws on. */
export function planningRelease(t: TenderState, seq: number, allocation: { allocationFen: number; totalFundsFen: number }): Release {
  return {
    ...base(t, seq, t.publishedAt, ['planning']),
    parties: [buyerParty(t.county)],
    planning: {
      rationale: '依据《亳州市社会救助改革措施》（十八），县级按当年社会救助资金总额的1%安排政府购买社会救助服务经费。',
      budget: {
        id: `${t.county}-${t.year}-purchase`,
        description: `${t.year}年购买社会救助服务额度${yuan(allocation.allocationFen)}元（当年社会救助资金合计${yuan(allocation.totalFundsFen)}元的1%），本项目最高限价${yuan(t.valueCapFen)}元`,
        amount: money(t.valueCapFen),
        project: `${t.year}年政府购买社会救助服务`,
        projectID: `${t.county}-${t.year}`,
      },
    },
  };
}

export function tenderRelease(t: TenderState, seq: number, at: string, tag: 'tender' | 'tenderAmendment' | 'tenderCancellation' | 'tenderUpdate'): Release {
  const status = t.status === 'terminated' ? 'cancelled' : t.status === 'unsuccessful' ? 'unsuccessful' : 'active';
  const r: Release = { ...base(t, seq, at, [tag]), parties: [buyerParty(t.county, t.contact)], tender: tenderSection(t, status) };
  if (t.termination) (r.tender as Record<string, unknown>).statusDetails = t.termination.reason;
  if (t.opening) {
    r.parties = [buyerParty(t.county, t.contact), ...t.opening.bids.map((b) => orgParty(b, ['tenderer']))];
    r.bids = bidsSection(t);
  }
  return r;
}

/** The bid extension (v1.1.5): statistics and details, published only after opening. */
function bidsSection(t: TenderState) {
  const bids = t.opening!.bids;
  const valid = bids.filter((b) => b.status === 'valid');
  return {
    statistics: [
      { id: 'requests', measure: 'requests', value: bids.length, date: t.opening!.at },
      { id: 'validBids', measure: 'validBids', value: valid.length, date: t.opening!.at },
      ...(valid.length ? [{ id: 'lowestValidBidValue', measure: 'lowestValidBidValue', value: yuan(Math.min(...valid.map((b) => b.priceFen))), currency: 'CNY', date: t.opening!.at }] : []),
    ],
    details: bids.map((b) => ({
      id: `${t.id}-${b.organisation}`,
      date: b.submittedAt,
      status: b.status,
      tenderers: [{ id: orgPartyId(b.creditCode), name: b.name }],
      value: money(b.priceFen),
    })),
  };
}

/** The award's id: `<tenderId>-A<n>` (items written before re-awards existed carry none: A1). */
export const awardIdOf = (t: TenderState): string => t.award?.id ?? `${t.id}-A${(t.cancelledAwards?.length ?? 0) + 1}`;

/**
 * The awards of a process: every cancelled award (status `cancelled`, with the reason) and the current
 * one (`pending` during the 质疑 period, `active` once contracted). Tag `award`, or `awardCancellation`
 * when the release announces a cancellation (then there may be no current award).
 */
export function awardRelease(t: TenderState, seq: number, at: string, tag: 'award' | 'awardCancellation' = 'award'): Release {
  const a = t.award;
  const r = tenderRelease(t, seq, at, 'tenderUpdate');
  r.tag = [tag];
  if (a) {
    (r.tender as Record<string, unknown>).status = 'complete';
    r.parties = (r.parties as { id: string; roles: string[] }[]).map((p) => (p.id === orgPartyId(a.creditCode) ? { ...p, roles: ['tenderer', 'supplier'] } : p));
  }
  const cancelled = (t.cancelledAwards ?? []).map((c) => ({
    id: c.id,
    title: `${t.title} 中标（成交）结果（已撤销）`,
    description: `质疑成立并影响中标（成交）结果，于${c.cancelledAt.slice(0, 10)}撤销：${c.reason}`,
    status: 'cancelled',
    date: c.awardedAt,
    value: money(c.priceFen),
    suppliers: [{ id: orgPartyId(c.creditCode), name: c.name }],
    relatedBid: `${t.id}-${c.organisation}`,
  }));
  const current = a
    ? [
        {
          id: awardIdOf(t),
          title: `${t.title} 中标（成交）结果`,
          description: `${a.deviation ? `未按排名确定中标人，法定理由：${a.deviation.legalReason}；县级复核同意。` : cancelled.length ? '原中标（成交）结果撤销后，按评审排名依次另行确定中标（成交）供应商。' : '按评审排名第一确定中标（成交）供应商。'}综合得分${formatPoints(a.total)}，排名第${a.rank}。质疑期至${a.challengeUntil}（7个工作日）。`,
          status: t.status === 'contracted' ? 'active' : 'pending',
          date: a.at,
          value: money(a.priceFen),
          suppliers: [{ id: orgPartyId(a.creditCode), name: a.name }],
          relatedBid: `${t.id}-${a.organisation}`,
        },
      ]
    : [];
  r.awards = [...cancelled, ...current];
  return r;
}

export function contractRelease(t: TenderState, c: ContractState, seq: number, at: string, tag: 'contract' | 'implementation'): Release {
  const r = awardRelease(t, seq, at);
  r.tag = [tag];
  r.contracts = [
    {
      id: c.id,
      awardID: awardIdOf(t),
      title: `${t.title} 服务合同`,
      status: 'active',
      value: money(c.valueFen),
      period: { startDate: `${c.period.startDate}T00:00:00+08:00`, endDate: `${c.period.endDate}T23:59:59+08:00` },
      dateSigned: c.signedAt,
      milestones: c.milestones.map((m) => ({
        id: m.id,
        title: m.title,
        type: 'delivery',
        dueDate: `${m.dueDate}T23:59:59+08:00`,
        status: m.evaluation ? (m.evaluation.rating === 'poor' ? 'notMet' : m.evaluation.rating === 'fair' ? 'partiallyMet' : 'met') : 'scheduled',
        ...(m.evaluation ? { dateMet: m.evaluation.at, description: `监督评估：${RATING_LABELS[m.evaluation.rating]}。${m.evaluation.findings}` } : {}),
        value: money(m.amountFen),
      })),
      implementation: {
        transactions: c.payments.map((p) => ({
          id: p.id,
          // OCDS wants a URI for the source of funds: the county's public allocation of the year.
          source: `${process.env.PUBLIC_BASE_URL || 'https://bozhou-assistance.example'}/api/v1/budgets?county=${c.county}&year=${c.year}`,
          date: p.at,
          value: money(p.amountFen),
          payer: { id: buyerId(t.county), name: buyerParty(t.county).name },
          payee: { id: orgPartyId(c.supplier.creditCode), name: c.supplier.name },
        })),
        milestones: c.milestones.filter((m) => m.casesServed > 0).map((m) => ({ id: `${m.id}-cases`, title: `${m.title}：服务对象${m.casesServed}户次`, type: 'reporting', status: 'met' })),
      },
    },
  ];
  return r;
}

export const RATING_LABELS = { excellent: '优秀', good: '良好', fair: '合格', poor: '不合格' } as const;
