/**
 * When a city-scale producer (the payment run, the review sweeps, the statistics snapshot) stops paging and
 * hands over to a fresh message: before Lambda's limit, and — for producers whose pages become work on the
 * same queue — after a few pages, so the new message queues behind the work it just sent and reading stays
 * a step ahead of writing instead of filling the queue with the whole city (locally 4 delivery slots are
 * shared by every queue).
 */
export const HANDOVER_MS = 60_000;
export const PAGES_PER_INVOCATION = 2;

export const timeToHandOver = (pagesRead: number, remainingMs: () => number): boolean => pagesRead >= PAGES_PER_INVOCATION || remainingMs() < HANDOVER_MS;
