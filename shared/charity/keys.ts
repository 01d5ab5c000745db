/**
 * Single-table key shapes of the charity registry (十六). Kept beside the domain rather than in
 * shared/store/keys.ts so the registry can grow without touching the shared file.
 *
 * One partition per charity (`CHARITY#<id>`) holds its profile, campaigns, donations, uses, balances,
 * flags, reports and volunteer records: a charity's own reads are strongly consistent queries, and
 * nothing is shared across charities except the uniqueness and receipt items below.
 */
export const charityKeys = {
  profile: (id: string) => ({ pk: `CHARITY#${id}`, sk: 'PROFILE' }),
  /** One charity per 统一社会信用代码 (uniqueness item, written in the registration transaction). */
  creditCode: (code: string) => ({ pk: `UNIQ#CHARITY#${code}`, sk: 'UNIQ' }),
  campaign: (id: string, campaignId: string) => ({ pk: `CHARITY#${id}`, sk: `CAMPAIGN#${campaignId}` }),
  /** 备案编号 are issued once nationally: one campaign per filing number. */
  filingNumber: (filing: string) => ({ pk: `UNIQ#FILING#${filing}`, sk: 'UNIQ' }),
  donation: (id: string, donationId: string) => ({ pk: `CHARITY#${id}`, sk: `DON#${donationId}` }),
  /**
   * Receipt numbers: pk per receipt, sk per charity. The conditional put on the exact key refuses a
   * charity's duplicate; a query on the pk finds the same number at other charities (a flag), and the
   * donor look-up finds the donation from the receipt alone.
   */
  receipt: (receipt: string, id: string) => ({ pk: `RECEIPT#${receipt}`, sk: `CHARITY#${id}` }),
  receiptPk: (receipt: string) => `RECEIPT#${receipt}`,
  /** A donor of this charity, by keyed ID hash or credit code: catches payments back to donors. */
  donor: (id: string, donorKey: string) => ({ pk: `CHARITY#${id}`, sk: `DONOR#${donorKey}` }),
  /** Balance of one (form, purpose) pool; uses draw from it with a conditional update. */
  balance: (id: string, form: string, purpose: string) => ({ pk: `CHARITY#${id}`, sk: `BAL#${form}#${purpose}` }),
  use: (id: string, useId: string) => ({ pk: `CHARITY#${id}`, sk: `USE#${useId}` }),
  /** Pointer from a use id to its charity, for the caseworker's confirmation; pending ones sit in gsi4. */
  usePointer: (useId: string) => ({ pk: `DUSE#${useId}`, sk: 'USE' }),
  flag: (id: string, flagId: string) => ({ pk: `CHARITY#${id}`, sk: `FLAG#${flagId}` }),
  report: (id: string, campaignId: string, dueDate: string) => ({ pk: `CHARITY#${id}`, sk: `REPORT#${campaignId}#${dueDate}` }),
  volunteer: (id: string, activityId: string) => ({ pk: `CHARITY#${id}`, sk: `VOL#${activityId}` }),
  volunteerTotal: (id: string, type: string) => ({ pk: `CHARITY#${id}`, sk: `VOLTOTAL#${type}` }),
  /** Emergency declarations for an area (十五); see shared/charity/emergency.ts. */
  emergencyPk: (area: string) => `EMERGENCY#${area}`,
  emergency: (area: string, startDate: string) => ({ pk: `EMERGENCY#${area}`, sk: `DECL#${startDate}` }),
  lookupGuard: (receipt: string) => ({ pk: `GUARD#DONLOOKUP#${receipt}`, sk: 'GUARD' }),
} as const;

/** gsi4 collections (city-wide lists). */
export const CHARITY_COLLECTIONS = {
  charities: 'CHARITIES',
  campaigns: 'CHARITY-CAMPAIGNS',
  pendingUses: (township: string) => `CHARITY-USES-PENDING#${township}`,
  /** Misuse flags of every charity by review status (open, confirmed, dismissed), for the admin. */
  flags: (status: string) => `CHARITY-FLAGS#${status}`,
} as const;

/** Organisation ids become key parts and URL segments, so they are held to a safe alphabet. */
export const CHARITY_ID = /^[A-Za-z0-9_-]{1,64}$/;
