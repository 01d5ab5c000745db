/**
 * The measures as the site ships them: the repo text, imported as a string at build time (Vite `?raw`)
 * and passed through `loadPolicy`, which refuses tampered text and so fails the build, naming the place.
 */
import text from '../../../shared/policy/bozhou-measures.txt?raw';
import { loadPolicy, type Policy } from './content.ts';

let cached: Policy | undefined;

export function policy(): Policy {
  cached ??= loadPolicy(text);
  return cached;
}
