import type { Role } from '../../shared/definitions/roles.ts';

/** One scope per role for tokens that walk every route (the fuzz test and `npm run attack`): 谯城区 and its first township. */
export const ROLE_SCOPES: Record<Role, Record<string, string>> = {
  caseworker: { township: '341602001' },
  assistant: { township: '341602001' },
  approver: { township: '341602001' },
  check: { county: '341602' },
  county: { county: '341602' },
  department: { department: '市教育局' },
  inspector: {},
  evaluator: {},
  charity: { organisation: 'ORG-FUZZ-1' },
  contractor: { organisation: 'ORG-FUZZ-2' },
  auditor: {},
  admin: {},
};
