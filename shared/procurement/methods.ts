/**
 * 政府采购方式 (政府采购法 Art. 26; 政府购买服务管理办法 财政部令第102号) mapped to the OCDS
 * procurementMethod codelist (open / selective / limited / direct, codelists/method.csv):
 *
 * | method        | 中文       | OCDS      | why                                                                 |
 * | open          | 公开招标   | open      | any supplier may bid on the public announcement                     |
 * | consultation  | 竞争性磋商 | selective | suppliers are qualified first (公告 or 推荐) and then invited (财库〔2014〕214号) |
 * | negotiation   | 竞争性谈判 | limited   | the buyer invites at least three suppliers of its choice to negotiate |
 * | singleSource  | 单一来源   | direct    | one supplier, no competition                                        |
 *
 * `procurementMethodDetails` carries the Chinese name, so nothing is lost in the mapping.
 */
export const METHODS = {
  open: { label: '公开招标', ocds: 'open' },
  consultation: { label: '竞争性磋商', ocds: 'selective' },
  negotiation: { label: '竞争性谈判', ocds: 'limited' },
  singleSource: { label: '单一来源采购', ocds: 'direct' },
} as const;

export type ProcurementMethod = keyof typeof METHODS;
export const METHOD_CODES = Object.keys(METHODS) as ProcurementMethod[];
