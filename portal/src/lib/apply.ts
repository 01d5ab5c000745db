/**
 * The questions of the application, shared by the step-by-step journey (/apply/…, with JavaScript)
 * and the single-page form (/apply/form/). Field names are the JSON dot paths of the Application wire
 * shape (docs/architecture.md § Wire shapes), money typed in 元 and named without `Fen` (shared/contract/application-form.ts).
 */
import { COUNTIES } from '../../../shared/reference/areas.ts';

export interface Option {
  value: string;
  label: string;
  hint?: string;
}

/** Types a resident applies for here (流浪乞讨 help is given on the spot, without a form). */
export const APPLY_TYPES: readonly Option[] = [
  { value: 'dibao', label: '最低生活保障（低保）', hint: '家庭收入低，基本生活有困难' },
  { value: 'tekun', label: '特困人员救助供养', hint: '没有劳动能力、没有生活来源、没有人赡养抚养' },
  { value: 'linshi', label: '临时救助', hint: '突然遇到急事难事，或看病等开支太大，生活一时过不去' },
  { value: 'medical', label: '医疗救助', hint: '看病费用负担不起' },
  { value: 'education', label: '教育救助', hint: '孩子上学有困难' },
  { value: 'housing', label: '住房救助', hint: '住房有困难' },
  { value: 'employment', label: '就业救助', hint: '找工作有困难' },
  { value: 'disability', label: '残疾人两项补贴', hint: '困难残疾人生活补贴和重度残疾人护理补贴' },
  { value: 'child', label: '困境儿童保障', hint: '孩子没有人抚养，或生活有困难' },
];

export const RESIDENCE: readonly Option[] = [
  { value: 'urban', label: '城市（城镇）' },
  { value: 'rural', label: '农村' },
];

export const HUKOU: readonly Option[] = [
  { value: 'local', label: '户口在这里' },
  { value: 'residencePermit', label: '户口不在这里，但有这里的居住证' },
  { value: 'elsewhere', label: '户口不在这里，也没有居住证', hint: '只能申请临时救助等急难救助' },
];

export const RELATIONS: readonly Option[] = [
  { value: 'spouse', label: '配偶（丈夫或妻子）' },
  { value: 'child', label: '子女' },
  { value: 'parent', label: '父母' },
  { value: 'grandparent', label: '祖父母、外祖父母' },
  { value: 'grandchild', label: '孙子女、外孙子女' },
  { value: 'sibling', label: '兄弟姐妹' },
  { value: 'other', label: '其他' },
];

export const DISABILITY: readonly Option[] = [
  { value: '', label: '没有残疾' },
  { value: 'physical', label: '肢体残疾' },
  { value: 'visual', label: '视力残疾' },
  { value: 'hearing', label: '听力残疾' },
  { value: 'speech', label: '言语残疾' },
  { value: 'intellectual', label: '智力残疾' },
  { value: 'mental', label: '精神残疾' },
  { value: 'multiple', label: '多重残疾' },
];

export const GRADES: readonly Option[] = [
  { value: '', label: '请选择' },
  { value: '1', label: '一级' },
  { value: '2', label: '二级' },
  { value: '3', label: '三级' },
  { value: '4', label: '四级' },
];

export const HARDSHIP: readonly Option[] = [
  { value: 'emergency', label: '急难型', hint: '突然遇到火灾、交通事故、突发重病等，生活马上过不去' },
  { value: 'expenditure', label: '支出型', hint: '看病、上学等必需开支太大，生活出现困难' },
];

export const COUNTY_OPTIONS: readonly Option[] = COUNTIES.map((c) => ({ value: c.code, label: c.name }));

/** Townships grouped by county, for <optgroup>. Sample data says so (shared/reference/areas.ts). */
export const TOWNSHIP_GROUPS = COUNTIES.map((c) => ({ county: c.code, label: c.name, townships: c.townships.map((t) => ({ value: t.code, label: t.name })) }));

/** How many member blocks the single-page form offers (the applicant is block 0). */
export const FORM_MEMBER_BLOCKS = 6;
