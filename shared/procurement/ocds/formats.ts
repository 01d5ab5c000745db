/**
 * The two JSON Schema formats the OCDS 1.1.5 schemas use. The precompiled validators import this
 * module instead of ajv-formats, so the Lambda bundle carries two small functions, not a format library.
 */

/** RFC 3339 date-time with a mandatory offset, as OCDS requires (`2026-12-01T10:00:00+08:00`). */
const DATE_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

export const dateTime = (value: string): boolean => DATE_TIME.test(value) && !Number.isNaN(Date.parse(value));

/** An absolute URI (scheme ":" then no whitespace); enough for publisher and package links. */
export const uri = (value: string): boolean => /^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s]*$/.test(value);

export default { 'date-time': dateTime, uri };
