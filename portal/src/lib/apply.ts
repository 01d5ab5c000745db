/**
 * The questions of the application, shared by the step-by-step journey (/apply/…, with JavaScript)
 * and the single-page form (/apply/form/); defined once in shared/http/application-form-page.ts, which
 * also renders the single-page form for the portal and for the API's answer to a refused post. Field names are the JSON dot paths of the Application wire
 * shape (docs/architecture.md § Wire shapes), money typed in 元 and named without `Fen` (shared/contract/application-form.ts).
 */
export type { Option } from '../../../shared/http/application-form-page.ts';
export { APPLY_TYPES, COUNTY_OPTIONS, DISABILITY, FORM_MEMBER_BLOCKS, GRADES, HARDSHIP, HUKOU, RELATIONS, RESIDENCE, TOWNSHIP_GROUPS } from '../../../shared/http/application-form-page.ts';
