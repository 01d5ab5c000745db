/** The roles of docs/architecture.md § Identity and scope. A token carries one of them in `cognito:groups`. */
export const ROLES = ['caseworker', 'assistant', 'approver', 'check', 'department', 'county', 'inspector', 'evaluator', 'charity', 'contractor', 'auditor', 'admin'] as const;

export type Role = (typeof ROLES)[number];

/** Anyone, signed in or not. Applicants have no account (docs/architecture.md § Identity and scope). */
export const PUBLIC = 'public' as const;
export type Access = typeof PUBLIC | readonly Role[];

export const ROLE_LABELS: Record<Role, string> = {
  caseworker: '乡镇（街道）经办人员',
  assistant: '村社会救助协理员/网格员',
  approver: '乡镇（街道）审核确认人',
  check: '县级居民家庭经济状况核对机构',
  department: '相关部门',
  county: '县级民政、财政监管人员',
  inspector: '双随机抽查人员',
  evaluator: '评审专家',
  charity: '慈善组织',
  contractor: '服务承接机构',
  auditor: '纪委监委、审计',
  admin: '市民政局',
};
