/** Main navigation: defined once with the header in shared/http/site-page.ts (the API's pages use it too). */
export { currentFor, NAV, type NavItem } from '../../../shared/http/site-page.ts';
