/**
 * Main navigation. Only pages that exist are linked; 救助标准, 试算, 申请, 查询进度 and 公示 are
 * added here when their pages are built.
 */
export interface NavItem {
  href: string;
  label: string;
}

export const NAV: readonly NavItem[] = [
  { href: '/', label: '首页' },
  { href: '/policy/', label: '政策原文' },
  { href: '/guide/', label: '办事指南' },
];

/** 'page' for the current page, 'true' for its section, undefined otherwise. */
export function currentFor(href: string, path: string): 'page' | 'true' | undefined {
  const p = path.endsWith('/') ? path : `${path}/`;
  if (p === href) return 'page';
  if (href !== '/' && p.startsWith(href)) return 'true';
  return undefined;
}
