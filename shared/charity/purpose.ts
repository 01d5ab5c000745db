/**
 * Funds are tracked per (charity, form, purpose) pool. Restricted donations (定向捐赠) and campaign
 * donations belong to their purpose: 慈善法 requires property to be used as the fundraising plan or
 * donation agreement says. Everything else is unrestricted (非定向) and sits in the general pool.
 * A use names its purpose and draws only from that pool, so a restricted donation can never be spent
 * on anything else, by construction.
 */
export const GENERAL_PURPOSE = '非定向';

export type GiftForm = 'money' | 'goods';

export const FORM_LABELS: Record<GiftForm, string> = { money: '资金', goods: '物资（按估值）' };

export const normalizePurpose = (p: string | undefined): string => (p ?? '').trim() || GENERAL_PURPOSE;

export const isRestricted = (purpose: string): boolean => purpose !== GENERAL_PURPOSE;
