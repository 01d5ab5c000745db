/**
 * Node-only loader for the measures: reads shared/policy/bozhou-measures.txt next to this file.
 * Function bundles import the text as a string and call `parseMeasures` directly; the portal imports
 * it with Vite's `?raw` (a bundled module's import.meta.url no longer points here).
 */
import { readFileSync } from 'node:fs';
import { parseMeasures, type Measures } from './measures.ts';

export const MEASURES_FILE = new URL('./bozhou-measures.txt', import.meta.url);

export function readMeasuresText(file: URL | string = MEASURES_FILE): string {
  return readFileSync(file, 'utf8');
}

export function loadMeasures(file: URL | string = MEASURES_FILE): Measures {
  return parseMeasures(readMeasuresText(file));
}
