/**
 * The no-JavaScript form's contract: the fields /apply/form/ really has, posted as a browser posts
 * them, map (shared/contract/application-form.ts) to a body the application schema accepts; every
 * error path maps back to a field id that exists on the form; and the API's answer pages
 * (shared/http/form-pages.ts) are plain, script-free and say what to do.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod/mini';
import { applicationSchema } from '../../shared/contract/application.ts';
import { applicationFromForm, formFieldFor, formFieldLabel, formMessageFor, yuanToFen } from '../../shared/contract/application-form.ts';
import { formToObject } from '../../shared/http/body.ts';
import { issuesToFieldErrors } from '../../shared/contract/validate.ts';
import { applicationFormAnswer, applicationReceiptPage } from '../../shared/http/form-pages.ts';
import { applicationFormErrorPage, applicationFormHtml } from '../../shared/http/application-form-page.ts';
import { idNumber } from '../support/people.ts';
import { buildPortalOnce, DIST } from './build-portal.ts';

let html = '';
let ids = new Set<string>();
let names = new Set<string>();

beforeAll(async () => {
  await buildPortalOnce();
  html = readFileSync(join(DIST, 'apply/form/index.html'), 'utf8');
  ids = new Set([...html.matchAll(/\sid="([^"]+)"/gu)].map((m) => m[1]!));
  names = new Set([...html.matchAll(/\sname="([^"]+)"/gu)].map((m) => m[1]!));
}, 180_000);

/** What a browser sends for the form filled like this (unchecked boxes and empty radios send nothing). */
function post(values: Record<string, string>): Record<string, unknown> {
  const params = new URLSearchParams();
  for (const name of names) {
    if (name in values) params.append(name, values[name]!);
    else if (!/\.(illness|inSchool|employed)$|^consent\.|^type$|\.(residence|hukou|kind)$/u.test(name)) params.append(name, '');
  }
  const { idempotencyToken: _t, ...fields } = formToObject(params);
  return fields;
}

const parse = (fields: Record<string, unknown>) => z.safeParse(applicationSchema, applicationFromForm(fields));

describe('the no-JavaScript application form', () => {
  it('posts dotted JSON paths, money in 元 without Fen', () => {
    for (const n of [
      'type',
      'applicant.name',
      'applicant.idNumber',
      'applicant.phone',
      'area.county',
      'area.township',
      'household.members.0.monthlyIncome',
      'household.members.5.name',
      'household.assets.financial',
      'hardship.amount',
      'consent.economicCheck',
      'idempotencyToken',
    ]) {
      expect(names.has(n), n).toBe(true);
    }
    expect([...names].some((n) => /Fen$/u.test(n))).toBe(false);
    expect(html).toMatch(/<form method="post" action="\/api\/v1\/applications"/u);
  });

  it('maps a filled form to an application the schema accepts (spaces, 元, blank trailing blocks dropped)', () => {
    const me = idNumber('19580808', '468');
    const r = parse(
      post({
        type: 'dibao',
        'area.county': '341623',
        'area.township': '341623102',
        'area.residence': 'rural',
        'area.hukou': 'local',
        'applicant.name': '钱多多',
        'applicant.idNumber': `${me.slice(0, 6)} ${me.slice(6)}`,
        'applicant.phone': '139 0000 2222',
        'household.members.0.monthlyIncome': '150.5',
        'household.members.0.illness': 'serious',
        'household.members.1.name': '钱小小',
        'household.members.1.idNumber': idNumber('20100101', '222'),
        'household.members.1.relation': 'grandchild',
        'household.members.1.monthlyIncome': '0',
        'household.members.1.inSchool': 'on',
        'household.members.1.disability.category': 'visual',
        'household.members.1.disability.grade': '2',
        'household.assets.financial': '2,000.50',
        'household.assets.vehicles': '0',
        'household.assets.properties': '1',
        'consent.economicCheck': 'on',
      }),
    );
    expect(r.success, JSON.stringify(r.error?.issues)).toBe(true);
    const body = r.data!;
    expect(body.household.members).toHaveLength(2);
    expect(body.household.members[0]).toMatchObject({ name: '钱多多', idNumber: me, relation: 'self', monthlyIncomeFen: 15050, illness: 'serious' });
    expect(body.household.members[1]).toMatchObject({ relation: 'grandchild', inSchool: true, monthlyIncomeFen: 0, disability: { category: 'visual', grade: 2 } });
    expect(body.household.assets).toEqual({ financialFen: 200050, vehicles: 0, properties: 1 });
    expect(body.consent).toEqual({ economicCheck: true });
    expect(body.hardship).toBeUndefined();
    expect(body.applicant.phone).toBe('13900002222');
  });

  it('maps every error of an empty or wrong form to a field that exists, with a label and a plain message', () => {
    const r = parse(post({ 'household.members.0.monthlyIncome': '三百', 'household.members.2.name': '某某', 'household.assets.vehicles': 'x', 'hardship.amount': '12.345' }));
    expect(r.success).toBe(false);
    const errors = issuesToFieldErrors(r.error!.issues);
    expect(errors.length).toBeGreaterThan(5);
    for (const e of errors) {
      const field = formFieldFor(e.field);
      expect(ids.has(field), `${e.field} → #${field}`).toBe(true);
      expect(formFieldLabel(field), field).not.toBe(field);
      expect(formMessageFor(e)).not.toMatch(/单位：分|dibao|urban|Fen/u);
    }
    // A blank block between filled ones is kept, so the error names the right block.
    expect(errors.some((e) => e.field.startsWith('household.members.1.'))).toBe(true);
    expect(errors.some((e) => e.field.startsWith('household.members.2.'))).toBe(true);
    // Domain errors the application function raises map too.
    for (const path of ['area.hukou', 'consent.economicCheck', 'hardship', 'household.members.0.idNumber', 'household.members.3.idNumber', 'area.township', 'household.members']) {
      expect(ids.has(formFieldFor(path)), path).toBe(true);
    }
    expect(formFieldFor('household.members.0.idNumber')).toBe('applicant.idNumber');
    expect(formFieldLabel('household.members.1.monthlyIncome')).toBe('第2位家庭成员的每月收入');
  });

  it('reports every refusal in one round — the rules of the domain with the schema’s — and never asks a 低保 applicant for 急难型/支出型', () => {
    const r = parse(
      post({
        type: 'dibao',
        'area.county': '341623',
        'area.township': '341623102',
        'area.residence': 'rural',
        'area.hukou': 'elsewhere',
        'applicant.name': '钱多多',
        'applicant.phone': '12',
        'household.members.0.monthlyIncome': '0',
        'household.assets.financial': '0',
        'household.assets.vehicles': '0',
        'household.assets.properties': '0',
        'hardship.description': '老伴住院了',
      }),
    );
    expect(r.success).toBe(false);
    const errors = issuesToFieldErrors(r.error!.issues);
    const fields = errors.map((e) => e.field);
    // The phone (schema), 户籍 (四), consent (二十) and the missing ID number together, with the domain's codes.
    expect(fields).toEqual(expect.arrayContaining(['applicant.phone', 'area.hukou', 'consent.economicCheck', 'applicant.idNumber']));
    expect(errors.find((e) => e.field === 'area.hukou')?.code).toBe('not-resident');
    expect(errors.find((e) => e.field === 'consent.economicCheck')?.code).toBe('required');
    expect(fields.some((f) => f.startsWith('hardship'))).toBe(false);
    // 临时救助 without the hardship section and without consent: both at once.
    const linshi = parse(post({ type: 'linshi', 'applicant.name': '钱多多' }));
    const linshiFields = issuesToFieldErrors(linshi.error!.issues).map((e) => e.field);
    expect(linshiFields).toEqual(expect.arrayContaining(['hardship', 'consent.economicCheck', 'area.county', 'applicant.phone']));
  });

  it('reads 元 as people type them', () => {
    expect(yuanToFen('300')).toBe(30000);
    expect(yuanToFen('300.5')).toBe(30050);
    expect(yuanToFen(' 1,200.05 元')).toBe(120005);
    expect(yuanToFen('３００')).toBe(30000);
    expect(yuanToFen('three')).toBe('three');
    expect(yuanToFen('1.234')).toBe('1.234');
  });
});

describe('the API’s answer pages', () => {
  const noInline = (page: string) => {
    for (const [tag] of page.matchAll(/<script\b[^>]*>/giu)) expect(tag).toMatch(/\bsrc=/u);
    expect(page).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=/iu);
    expect(page).toContain('<link rel="stylesheet" href="/site.css">');
    expect(page).toMatch(/<html lang="zh-CN">/u);
    expect((page.match(/<h1\b/gu) ?? []).length).toBe(1);
  };

  it('the receipt names the 申请编号, what happens next and when, and escapes what it prints', () => {
    const page = applicationReceiptPage({ reference: 'QC-261128-0007-K', status: 'submitted' }, new Date('2026-11-28T02:30:00Z'));
    noInline(page);
    expect(page).toContain('<title>申请已提交 - 亳州市社会救助服务平台</title>');
    expect(page).toContain('QC-261128-0007-K');
    expect(page).toContain('20个工作日');
    expect(page).toContain('2026-11-28 10:30');
    expect(applicationReceiptPage({ reference: '<b>x</b>', status: 'submitted' })).not.toContain('<b>x</b>');
  });

  it('the receipt of 急难型临时救助 says what happens next for 急难 (先行救助, 110/119/120), not the 20-working-day timeline', () => {
    const page = applicationReceiptPage({ reference: 'QC-261128-0008-M', status: 'submitted' }, undefined, { type: 'linshi', hardship: { kind: 'emergency' } });
    noInline(page);
    expect(page).toContain('先行救助');
    expect(page).toContain('tel:119');
    expect(page).not.toContain('20个工作日');
    expect(applicationReceiptPage({ reference: 'QC-261128-0008-M', status: 'submitted' }, undefined, { type: 'dibao' })).toContain('20个工作日');
  });

  it('a refusal answers with the form itself: title 错误：, one summary linking each field once, everything sent filled in again', () => {
    const me = idNumber('19580808', '468');
    const sent = {
      type: 'dibao',
      applicant: { name: '钱<多>多', idNumber: me, phone: '139' },
      area: { county: '341623', township: '341623102', residence: 'rural', hukou: 'local' },
      household: {
        members: [
          { relation: 'self', monthlyIncome: '150', illness: 'serious' },
          { name: '钱小小', idNumber: 'x', relation: 'grandchild', monthlyIncome: '三百', inSchool: 'on' },
        ],
        assets: { financial: '2000', vehicles: '0', properties: '1' },
      },
      consent: { economicCheck: 'on' },
      idempotencyToken: 'tok-12345678',
    };
    const page = applicationFormErrorPage(
      {
        title: '填写的内容有误',
        detail: '…',
        errors: [
          { field: 'household.members.0.idNumber', code: 'custom', message: '身份证号码校验位不正确' },
          { field: 'applicant.idNumber', code: 'custom', message: '身份证号码校验位不正确' },
          { field: 'household.assets.financialFen', code: 'invalid_type', message: '金融资产必须是整数（单位：分）' },
          { field: 'household.members.1.monthlyIncomeFen', code: 'invalid_type', message: '月收入必须是整数（单位：分）' },
        ],
      },
      sent,
    );
    noInline(page);
    expect(page).toMatch(/<title>错误：申请表有 3 处需要修改 - /u);
    expect((page.match(/class="error-summary"/gu) ?? []).length).toBe(1);
    expect(page).toContain('<a href="#applicant.idNumber">申请人身份证号码：身份证号码校验位不正确</a>');
    expect(page).toContain('href="#household.assets.financial"');
    expect(page).toContain('存款等金融资产');
    expect(page).not.toContain('单位：分');
    expect(page).not.toContain('“返回”');
    expect(page).toContain('还没有提交');
    // The form again, everything kept: the applicant's ID number, text (escaped), choices, checkboxes, the token.
    expect(page).toContain('<form method="post" action="/api/v1/applications"');
    expect(page).toContain(`id="applicant.idNumber" name="applicant.idNumber" class="input-id" value="${me}"`);
    expect(page).toContain('value="钱&lt;多&gt;多"');
    expect(page).toContain('value="三百"');
    expect(page).toMatch(/id="type" name="type" value="dibao" checked/u);
    expect(page).toMatch(/<option value="341623102" selected>/u);
    expect(page).toMatch(/id="household\.members\.1\.relation"[^>]*>.*<option value="grandchild" selected>/u);
    expect(page).toMatch(/id="household\.members\.0\.illness" name="household\.members\.0\.illness" value="serious" checked/u);
    expect(page).toMatch(/id="consent\.economicCheck" name="consent\.economicCheck" value="on" checked/u);
    expect(page).toContain('name="idempotencyToken" id="idempotencyToken" value="tok-12345678"');
    // Each field at fault shows its message and is marked invalid.
    expect(page).toMatch(/<span class="error-message" id="household\.members\.1\.monthlyIncome-error">请填写金额/u);
    expect(page).toMatch(/aria-describedby="household\.members\.1\.monthlyIncome-error" aria-invalid="true"/u);
  });

  it('the portal’s /apply/form/ is the same renderer, empty', () => {
    const built = html.slice(html.indexOf('<form method="post"'), html.indexOf('</form>') + '</form>'.length);
    expect(built).toBe(applicationFormHtml());
  });

  it('a duplicate (409) says which application is open; a 201 replay renders the receipt', () => {
    const dup = applicationFormAnswer({ status: 409, body: { title: '与当前状态冲突', detail: '该申请人已有一件正在办理的申请', existingReference: 'GY-261128-0001-A' } });
    expect(dup.status).toBe(409);
    expect(dup.html).toMatch(/<title>错误：与当前状态冲突/u);
    expect(dup.html).toContain('GY-261128-0001-A');
    const replay = applicationFormAnswer({ status: 201, body: { reference: 'LX-261128-0002-B', status: 'submitted' } });
    expect(replay.status).toBe(201);
    expect(replay.html).toContain('LX-261128-0002-B');
  });
});
