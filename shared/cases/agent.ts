import { seal, keyedHash, type Sealed } from '../crypto/pii.ts';
import { invalidField } from '../errors.ts';
import { ageOn } from '../calendar/dates.ts';
import { bindingValue } from '../policy/parameters.ts';

/**
 * 代办 (issue 23; (十九) 一门受理): someone applies for another person — an elderly parent, a person in
 * hospital. The application records both people: the applicant (whose case it is, whose ID number and phone
 * are the case's) and the 代办人 (name, phone, relation to the applicant). The applicant's consent to being
 * applied for is recorded the way the economic check's consent is (shared/cases/application.ts): who gave it
 * — the person, or their guardian when the person is a minor or cannot decide for themselves (民法典 第二十七、
 * 二十八条) — on which text version, when. The economic check itself still needs every adult member's own
 * authorisation (二十): the 代办人 cannot give it for them, so the application's consent records that it came
 * through the 代办人 and the township collects the signatures (the `consent` action).
 */
import { AGENT_CONSENT_TEXT_VERSION, type AgentRelation } from './agent-relations.ts';

export { AGENT_CONSENT_TEXT_VERSION, AGENT_RELATIONS, type AgentRelation } from './agent-relations.ts';

export interface AgentInput {
  name: string;
  phone: string;
  relation: AgentRelation;
  consent: { by: 'applicant' | 'guardian'; guardianName?: string | undefined; signedOn?: string | undefined; confirmed: true };
}

export interface StoredAgent {
  name: string;
  phone: Sealed;
  phoneHash: string;
  relation: AgentRelation;
  consent: { by: 'applicant' | 'guardian'; guardianName?: string; textVersion: string; signedOn: string; at: string };
}

/** Checks the consent against who the applicant is, and seals the 代办人's phone. */
export async function agentRecord(agent: AgentInput, applicant: { name: string; birthDate?: string | undefined }, today: string, at: string): Promise<StoredAgent> {
  const { consent } = agent;
  if (agent.name.trim() === applicant.name.trim()) {
    throw invalidField('agent.name', 'same-as-applicant', '代办人就是申请人本人时，不用填写代办信息；请选择“为自己申请”');
  }
  if (consent.by === 'guardian' && !consent.guardianName) {
    throw invalidField('agent.consent.guardianName', 'required', '由监护人同意的，请填写监护人姓名');
  }
  const minor = applicant.birthDate !== undefined && ageOn(applicant.birthDate, today) < bindingValue('civil.adultAge', today);
  if (minor && consent.by !== 'guardian') {
    throw invalidField('agent.consent.by', 'guardian-required', '申请人未满18周岁，需要由监护人同意代为申请（民法典第二十七条）');
  }
  if (consent.signedOn && consent.signedOn > today) throw invalidField('agent.consent.signedOn', 'future', '同意的日期不能晚于今天');
  const phone = agent.phone.replace(/\s+/g, '');
  const [sealed, hash] = await Promise.all([seal(phone), keyedHash('phone', phone)]);
  return {
    name: agent.name.trim(),
    phone: sealed,
    phoneHash: hash.hash,
    relation: agent.relation,
    consent: {
      by: consent.by,
      ...(consent.by === 'guardian' && consent.guardianName ? { guardianName: consent.guardianName.trim() } : {}),
      textVersion: AGENT_CONSENT_TEXT_VERSION,
      signedOn: consent.signedOn ?? today,
      at,
    },
  };
}
