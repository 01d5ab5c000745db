/** 代办's relations and consent text version (shared/cases/agent.ts), in a file of their own so the portal and the contract read them without the domain. */
export const AGENT_CONSENT_TEXT_VERSION = 'daiban-authorisation-2026-01';

export const AGENT_RELATIONS = {
  child: '子女',
  spouse: '配偶',
  parent: '父母',
  sibling: '兄弟姐妹',
  grandchild: '孙子女、外孙子女',
  otherRelative: '其他亲属',
  guardian: '监护人',
  villageCadre: '村（社区）干部',
  other: '其他人',
} as const;
export type AgentRelation = keyof typeof AGENT_RELATIONS;
