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

/** The person a 特困 or 单人 calculation is about: the member marked `self`, else the first. */
export function applicantOf(household: HouseholdInput): MemberInput {
  const self = household.members.find((m) => m.relation === 'self') ?? household.members[0];
  if (!self) throw new MemberBirthDateError('家庭成员不能为空');
  return self;
}
