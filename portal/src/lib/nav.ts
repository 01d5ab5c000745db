/** Main navigation: only pages that exist are linked. */
export interface NavItem {
  href: string;
  label: string;
}

export const NAV: readonly NavItem[] = [
  { href: '/', label: '首页' },
  { href: '/policy/', label: '政策原文' },
  { href: '/guide/', label: '办事指南' },
  { href: '/standards/', label: '救助标准' },
  { href: '/estimate/', label: '试算' },
  { href: '/apply/', label: '在线申请' },
  { href: '/track/', label: '查询进度' },
  { href: '/publicity/', label: '公示' },
];

/** 'page' for the current page, 'true' for its section, undefined otherwise. */
export function currentFor(href: string, path: string): 'page' | 'true' | undefined {
  const p = path.endsWith('/') ? path : `${path}/`;
  if (p === href) return 'page';
  if (href !== '/' && p.startsWith(href)) return 'true';
  return undefined;
}
