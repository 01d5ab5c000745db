import type { ParameterSet } from '../policy/parameters.ts';
import type { RegisterEntry } from '../registry/register.ts';
import type { FeedSource } from './formats.ts';
import { explain, rulesFor, type HouseholdFigures } from './rules.ts';

/**
 * The match of a feed against the register, pure: which alerts the lines raise. A line is matched by the
 * keyed hash of its ID number against the persons of the county's active register entries, so a person
 * not on the register raises nothing, and nothing but a line of the feed raises anything. An alert's id is
 * rule + household + the fact's key (rules.ts), so the same facts give the same ids, whatever the order,
 * the file or how often — the store's conditional put turns that into "raised once".
 */
export interface StoredLine {
  line: number;
  /** Keyed hash of the ID number (shared/crypto/pii.ts). */
  hash: string;
  values: Record<string, string | number>;
}

export interface RegisterHousehold extends HouseholdFigures {
  county: string;
  township: string;
  residence: 'urban' | 'rural';
  classes: string[];
}

export interface AlertCandidate {
  id: string;
  rule: string;
  householdId: string;
  county: string;
  township: string;
  eventKey: string;
  figures: Record<string, string>;
  explanation: string;
  /** The feed line and the person it names (hash only). */
  line: number;
  person: string;
  values: Record<string, string | number>;
}

/**
 * Person hash → the household on the register (one household, whatever its classes; one object per
 * household, shared by its persons) and whether a line named the person. Small on purpose: a county's
 * register of 100,000 households is held whole while the feed streams past it.
 */
export type RegisterIndex = Map<string, { h: RegisterHousehold; seen: boolean }>;

export function addToIndex(index: RegisterIndex, entries: Iterable<RegisterEntry>): void {
  const households = new Map<string, RegisterHousehold>();
  for (const e of entries) {
    if (e.status !== 'active') continue;
    for (const person of e.persons) {
      const known = index.get(person)?.h ?? households.get(e.householdId);
      if (known && known.householdId === e.householdId) {
        if (!known.classes.includes(e.classLabel)) known.classes.push(e.classLabel);
        index.set(person, { h: known, seen: false });
        continue;
      }
      const h: RegisterHousehold = {
        householdId: e.householdId,
        members: e.members,
        monthlyIncomeFen: e.monthlyIncomeFen,
        classLabel: e.classLabel,
        classes: [e.classLabel],
        county: e.county,
        township: e.township,
        residence: e.residence,
      };
      households.set(e.householdId, h);
      index.set(person, { h, seen: false });
    }
  }
}

/** The persons lines named (after `matchLines`). */
export const seenPersons = (index: RegisterIndex): string[] => [...index].filter(([, v]) => v.seen).map(([k]) => k);

export const alertId = (rule: string, householdId: string, eventKey: string) => `${rule}.${householdId}.${eventKey}`;

/** The alerts `lines` raise against `index`; one per id (the first line that raises it). */
export function matchLines(index: RegisterIndex, source: FeedSource, lines: Iterable<StoredLine>, params: ParameterSet, into: Map<string, AlertCandidate> = new Map()): Map<string, AlertCandidate> {
  const rules = rulesFor(source);
  for (const l of lines) {
    const found = index.get(l.hash);
    if (!found) continue;
    found.seen = true;
    const h = found.h;
    for (const rule of rules) {
      const eventKey = rule.eventKey(l.values);
      const id = alertId(rule.id, h.householdId, eventKey);
      if (into.has(id)) continue;
      const figures = rule.test(l.values, h, params);
      if (!figures) continue;
      into.set(id, {
        id,
        rule: rule.id,
        householdId: h.householdId,
        county: h.county,
        township: h.township,
        eventKey,
        figures,
        explanation: explain(rule, figures),
        line: l.line,
        person: l.hash,
        values: l.values,
      });
    }
  }
  return into;
}
