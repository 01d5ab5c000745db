/**
 * 代办 on the no-JavaScript form: the fields of portal/src/components/AgentFields.astro (`agentFor`, `agent.*`,
 * as a plain form post parses them into nested objects) → the `agent` of the Application, or undefined when the
 * person applies for themselves. For shared/contract/application-form.ts to call: `agent: agentFromForm(fields)`.
 */
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

export function agentFromForm(fields: Record<string, unknown>): Record<string, unknown> | undefined {
  if (str(fields.agentFor) !== 'other') return undefined;
  const a = (fields.agent ?? {}) as Record<string, unknown>;
  const c = (a.consent ?? {}) as Record<string, unknown>;
  const consent: Record<string, unknown> = { by: str(c.by) };
  // An unticked box is absent from the post: the schema then names `agent.consent.confirmed`.
  if (str(c.confirmed)) consent.confirmed = true;
  if (str(c.guardianName)) consent.guardianName = str(c.guardianName);
  return { name: str(a.name), phone: str(a.phone), relation: str(a.relation), consent };
}
