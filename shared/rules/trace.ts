/** The shape every rule returns (docs/architecture.md § Wire shapes), and helpers to build its trace. */
import type { ParameterValue } from '../policy/parameters.ts';

export interface TraceStep {
  /** The measure the step applies, e.g. "(十三)". */
  measure: string;
  /** A stable rule name, e.g. "dibao.topUp". */
  rule: string;
  /** Plain Chinese: what was checked or computed, with the figures. */
  detail: string;
  /** The parameters the step used, id → value. */
  parameters: Record<string, ParameterValue>;
}

export interface RuleResult {
  eligible: boolean;
  monthlyAmountFen: number;
  oneOffAmountFen: number;
  trace: TraceStep[];
}

export class Trace {
  readonly steps: TraceStep[] = [];
  add(measure: string, rule: string, detail: string, parameters: Record<string, ParameterValue> = {}): this {
    this.steps.push({ measure, rule, detail, parameters });
    return this;
  }
}

export function ineligible(trace: Trace): RuleResult {
  return { eligible: false, monthlyAmountFen: 0, oneOffAmountFen: 0, trace: trace.steps };
}
