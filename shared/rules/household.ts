/**
 * Facts about people the rules need, derived from the wire shapes: age from the ID number (or
 * the birth date given for the public 试算), and the platform's written readings of "severe
 * disability" and "no labour capacity".
 */
import { ageOn, type IsoDate } from '../calendar/dates.ts';
import { validateResidentId } from '../identifiers/resident-id.ts';

export type Relation = 'self' | 'spouse' | 'child' | 'parent' | 'grandparent' | 'grandchild' | 'sibling' | 'other';
export type DisabilityCategory = 'physical' | 'visual' | 'hearing' | 'speech' | 'intellectual' | 'mental' | 'multiple';

export interface MemberInput {
  name: string;
  idNumber?: string;
  birthDate?: IsoDate;
  relation: Relation;
  disability?: { category: DisabilityCategory; grade: 1 | 2 | 3 | 4 };
  illness?: 'serious';
  inSchool?: boolean;
  orphanBenefit?: boolean;
  employed?: boolean;
  monthlyIncomeFen: number;
  employmentCostFen?: number;
}

export interface HouseholdInput {
  members: MemberInput[];
  assets: { financialFen: number; vehicles: number; properties: number };
  obligors?: { relation: Relation; monthlyIncomeFen: number }[];
}

export interface AreaInput {
  county: string;
  township: string;
  residence: 'urban' | 'rural';
  hukou: 'local' | 'residencePermit' | 'elsewhere';
}

export class MemberBirthDateError extends Error {
  readonly code = 'MEMBER_BIRTH_DATE';
  constructor(message: string) {
    super(message);
    this.name = 'MemberBirthDateError';
  }
}

/** Birth date from the ID number, else the birth date given for an estimate. */
export function birthDateOf(member: MemberInput): IsoDate {
  if (member.idNumber !== undefined) {
    const id = validateResidentId(member.idNumber);
    if (!id.ok) throw new MemberBirthDateError(`${member.name}：${id.message}`);
    return id.birthDate;
  }
  if (member.birthDate !== undefined) return member.birthDate;
  throw new MemberBirthDateError(`${member.name}：需要身份证号码或出生日期`);
}

export function memberAge(member: MemberInput, on: IsoDate): number {
  return ageOn(birthDateOf(member), on);
}

/**
 * "Severe" disability (重度残疾), the platform's written reading: grade 1 or 2 of any category
 * (残疾人证 一级、二级 are the national "重度" grades).
 */
export function isSeverelyDisabled(member: MemberInput): boolean {
  return member.disability !== undefined && member.disability.grade <= 2;
}

/** 重度残疾人 or 重病患者: the members who may be enrolled as 单人户 (五). */
export function isSevereCase(member: MemberInput): boolean {
  return isSeverelyDisabled(member) || member.illness === 'serious';
}

export type LabourCapacityReason = 'minor' | 'elderly' | 'severeDisability' | 'intellectualOrMental' | 'seriousIllness';

export const LABOUR_REASON_TEXT: Record<LabourCapacityReason, string> = {
  minor: '未满18周岁',
  elderly: '年满60周岁',
  severeDisability: '一级或二级残疾',
  intellectualOrMental: '三级智力或精神残疾',
  seriousIllness: '患重病',
};

/** Age from which a person is counted as elderly (60周岁以上, 民发〔2021〕43号). */
export const ELDERLY_AGE = 60;

/**
 * No labour capacity (无劳动能力), the platform's reading of 民发〔2021〕43号: under the minor age
 * limit (18, measure (六)); 60 or older; disability grade 1–2 of any category, or grade 3
 * intellectual or mental disability; or serious illness. Returns the first reason, or null.
 */
export function noLabourCapacityReason(member: MemberInput, on: IsoDate, minorAgeLimit: number): LabourCapacityReason | null {
  const age = memberAge(member, on);
  if (age < minorAgeLimit) return 'minor';
  if (age >= ELDERLY_AGE) return 'elderly';
  if (isSeverelyDisabled(member)) return 'severeDisability';
  if (member.disability?.grade === 3 && (member.disability.category === 'intellectual' || member.disability.category === 'mental')) {
    return 'intellectualOrMental';
  }
  if (member.illness === 'serious') return 'seriousIllness';
  return null;
}

/** Relations in plain Chinese, as the traces name them (relative to the applicant). */
export const RELATION_TEXT: Record<Relation, string> = {
  self: '本人',
  spouse: '配偶',
  child: '子女',
  parent: '父母',
  grandparent: '祖父母、外祖父母',
  grandchild: '孙子女、外孙子女',
  sibling: '兄弟姐妹',
  other: '其他亲属',
};

/**
 * Who owes the applicant support (法定赡养、抚养、扶养义务人), the platform's reading of 民法典:
 * - 配偶 (第1059条: 夫妻有相互扶养的义务);
 * - 父母、子女 (第1067条: 父母对未成年或不能独立生活的子女有抚养义务，成年子女对父母有赡养义务);
 * - 祖父母、外祖父母 and 孙子女、外孙子女 (第1074条: 有负担能力的祖父母、外祖父母，对父母已经死亡或
 *   无力抚养的未成年孙子女、外孙子女有抚养义务；有负担能力的孙子女、外孙子女，对子女已经死亡或
 *   无力赡养的祖父母、外祖父母有赡养义务);
 * - adult 兄弟姐妹 (第1075条: 有负担能力的兄、姐对父母已经死亡或无力抚养的未成年弟、妹有扶养义务；
 *   由兄、姐扶养长大的有负担能力的弟、妹，对缺乏劳动能力又缺乏生活来源的兄、姐有扶养义务).
 *
 * The second-degree duties of 第1074–1075条 arise only when the first-degree obligors (parents,
 * children) have died or cannot support. The rules need no separate test for that: an obligor
 * counts against 特困 only when able to support, so a grandparent or sibling who is able is
 * decisive exactly when no parent or child is. A sibling counts from 18 on the calculation date
 * (age from the ID number or birth date); whether a younger sibling was raised by the applicant is
 * not recorded, so every adult sibling in the household counts (the reading errs towards checking
 * the sibling's means, which the caseworker verifies). 其他亲属 (`other`) owe no support by law.
 */
export const OBLIGOR_RELATIONS: readonly Relation[] = ['spouse', 'parent', 'child', 'grandparent', 'grandchild', 'sibling'];

/** Whether a household member other than the applicant is an obligor of the applicant on `on` (see OBLIGOR_RELATIONS). */
export function isObligorMember(member: MemberInput, on: IsoDate, adultAge: number): boolean {
  if (!OBLIGOR_RELATIONS.includes(member.relation)) return false;
  // 有负担能力的兄、姐 / 弟、妹 are adults (第1075条): the age of majority is the parameter civil.adultAge (民法典 第十七条).
  if (member.relation === 'sibling') return memberAge(member, on) >= adultAge;
  return true;
}

/** The person a 特困 or 单人 calculation is about: the member marked `self`, else the first. */
export function applicantOf(household: HouseholdInput): MemberInput {
  const self = household.members.find((m) => m.relation === 'self') ?? household.members[0];
  if (!self) throw new MemberBirthDateError('家庭成员不能为空');
  return self;
}
