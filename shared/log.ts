import { Logger } from '@aws-lambda-powertools/logger';

/**
 * Structured JSON logs (Powertools). Personal numbers never reach a log line: every string value is
 * scrubbed of anything shaped like a resident ID number, a phone number or a bank card before it is
 * serialised — a safety net behind the rule that handlers do not log personal data at all.
 */
const ID_LIKE = /(?<![0-9])[1-9]\d{5}(?:19|20)\d{2}\d{7}[\dXx](?![0-9A-Za-z])|(?<![0-9])\d{15}(?![0-9])/g;
const PHONE_LIKE = /(?<![0-9])1[3-9]\d{9}(?![0-9])/g;
const CARD_LIKE = /(?<![0-9])\d{16,19}(?![0-9])/g;

export function scrub(text: string): string {
  return text.replace(ID_LIKE, '[身份证号已隐去]').replace(PHONE_LIKE, '[手机号已隐去]').replace(CARD_LIKE, '[卡号已隐去]');
}

const replacer = (_key: string, value: unknown): unknown => {
  if (typeof value === 'string') return scrub(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return { name: value.name, message: scrub(value.message) };
  return value;
};

export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'bozhou-assistance',
  logLevel: (process.env.LOG_LEVEL as 'INFO' | undefined) ?? 'INFO',
  jsonReplacerFn: replacer,
});
