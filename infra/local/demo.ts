import type { Platform } from './platform.ts';

/**
 * `npm start -- --demo`: a demo city created through the same API paths users take.
 * Each capability adds its part here.
 */
export async function seedDemo(platform: Platform): Promise<void> {
  const parts: ((p: Platform) => Promise<void>)[] = [];
  for (const part of parts) await part(platform);
}
