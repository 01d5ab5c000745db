/** The HTTP side of the domain's errors (shared/errors.ts): their media type. */
export * from '../errors.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';
