import { isIsoDate } from '../calendar/dates.ts';
import { readCsvChunks } from '../csv.ts';
import type { FieldError } from '../errors.ts';
import { validateResidentId } from '../identifiers/resident-id.ts';
import { parseYuan } from '../money.ts';
import type { FEED_SOURCE_IDS } from '../contract/monitoring.ts';

/**
 * The published formats of the department feeds (政策找人, 十九 二十 二十三): one CSV per department, UTF-8, a
 * header line naming the columns in this order, one person a line. The formats are data: the README of this
 * module is the same table in words, and `test/integration/monitoring.test.ts` uploads each one.
 *
 * Column kinds: `id` (an 18-digit ID number, checked by GB 11643), `date` (YYYY-MM-DD), `month` (YYYY-MM),
 * `yuan` (an amount in yuan with at most two decimals, kept as fen), `enum` (one of the codes listed).
 */
export type FeedSource = (typeof FEED_SOURCE_IDS)[number];

type Column = { name: string; label: string; kind: 'id' | 'date' | 'month' | 'yuan' } | { name: string; label: string; kind: 'enum'; values: Readonly<Record<string, string>> };

export interface FeedFormat {
  label: string;
  department: string;
  /** Why the department may share it and civil affairs may use it. */
  legalBasis: string;
  columns: readonly Column[];
}

const SHARE = '（二十）：民政部门根据工作需要，可以通过相关部门和机构依法依规查询社会救助家庭及其家庭相关成员有关信息，有关部门和机构应当予以配合';

export const FEED_FORMATS: Record<FeedSource, FeedFormat> = {
  medical: {
    label: '医保：个人自付医疗费用',
    department: '医疗保障局',
    legalBasis: `${SHARE}；《关于健全重特大疾病医疗保险和救助制度的意见》（国办发〔2021〕42号）`,
    columns: [
      { name: 'idNumber', label: '身份证号码', kind: 'id' },
      { name: 'periodEnd', label: '统计截止月份', kind: 'month' },
      { name: 'selfPaidYuan', label: '近12个月个人自付医疗费用（元）', kind: 'yuan' },
    ],
  },
  disability: {
    label: '残联：残疾人证办理与等级',
    department: '残疾人联合会',
    legalBasis: SHARE,
    columns: [
      { name: 'idNumber', label: '身份证号码', kind: 'id' },
      { name: 'certifiedOn', label: '发证或等级变更日期', kind: 'date' },
      { name: 'category', label: '残疾类别', kind: 'enum', values: { physical: '肢体', visual: '视力', hearing: '听力', speech: '言语', intellectual: '智力', mental: '精神', multiple: '多重' } },
      { name: 'grade', label: '残疾等级', kind: 'enum', values: { '1': '一级', '2': '二级', '3': '三级', '4': '四级' } },
    ],
  },
  employment: {
    label: '人社：失业登记与失业',
    department: '人力资源和社会保障局',
    legalBasis: SHARE,
    columns: [
      { name: 'idNumber', label: '身份证号码', kind: 'id' },
      { name: 'registeredOn', label: '登记日期', kind: 'date' },
      { name: 'event', label: '情况', kind: 'enum', values: { unemployed: '失业登记', lostWork: '失去工作（停保）' } },
    ],
  },
  education: {
    label: '教育：家庭经济困难学生',
    department: '教育局',
    legalBasis: `${SHARE}；（十一）`,
    columns: [
      { name: 'idNumber', label: '身份证号码（学生）', kind: 'id' },
      { name: 'identifiedOn', label: '认定日期', kind: 'date' },
      { name: 'level', label: '困难程度', kind: 'enum', values: { hardship: '一般困难', special: '特别困难' } },
    ],
  },
  police: {
    label: '公安：死亡与户口迁移',
    department: '公安局',
    legalBasis: SHARE,
    columns: [
      { name: 'idNumber', label: '身份证号码', kind: 'id' },
      { name: 'date', label: '日期', kind: 'date' },
      { name: 'event', label: '事项', kind: 'enum', values: { death: '死亡注销', moveOut: '户口迁出' } },
    ],
  },
  housing: {
    label: '住建：农村危房',
    department: '住房和城乡建设局',
    legalBasis: `${SHARE}；（十一）`,
    columns: [
      { name: 'idNumber', label: '身份证号码（户主）', kind: 'id' },
      { name: 'assessedOn', label: '鉴定日期', kind: 'date' },
      { name: 'rating', label: '危险等级', kind: 'enum', values: { C: 'C级', D: 'D级' } },
    ],
  },
  disaster: {
    label: '应急：受灾家庭损失',
    department: '应急管理局',
    legalBasis: `${SHARE}；（十五）`,
    columns: [
      { name: 'idNumber', label: '身份证号码（户主）', kind: 'id' },
      { name: 'date', label: '受灾日期', kind: 'date' },
      { name: 'lossYuan', label: '家庭财产损失（元）', kind: 'yuan' },
    ],
  },
};

export const headerOf = (source: FeedSource): string => FEED_FORMATS[source].columns.map((c) => c.name).join(',');

/** A validated line: the ID number (sealed and hashed before it is stored) and the other values, amounts in fen. */
export interface FeedLine {
  line: number;
  idNumber: string;
  values: Record<string, string | number>;
}

export const MAX_FEED_ERRORS = 100;

/**
 * Reads and checks a whole feed a chunk at a time; every bad line is named (`csv:<line>` and the column), up
 * to MAX_FEED_ERRORS. `onLines` receives the good lines of each chunk; the caller keeps nothing if
 * `errors` is not empty (a feed is refused whole).
 */
export async function validateFeed(
  source: FeedSource,
  csv: string | AsyncIterable<string | Uint8Array>,
  onLines: (lines: FeedLine[]) => void | Promise<void>,
  chunkChars?: number,
): Promise<{ lines: number; errors: FieldError[] }> {
  const format = FEED_FORMATS[source];
  const header = headerOf(source);
  const errors: FieldError[] = [];
  const add = (line: number, field: string, code: string, message: string) => {
    if (errors.length < MAX_FEED_ERRORS) errors.push({ field: `csv:${line}${field ? `.${field}` : ''}`, code, message: `第${line}行${field ? `“${field}”` : ''}：${message}` });
  };
  let lines = 0;
  let first = true;
  for await (const chunk of readCsvChunks(csv, chunkChars)) {
    let rows = chunk.rows;
    if (first) {
      first = false;
      if (rows[0]?.line !== 1 || rows[0].fields.map((f) => f.trim()).join(',') !== header) add(1, '', 'bad-header', `第一行应为表头 ${header}`);
      else rows = rows.slice(1);
    }
    const good: FeedLine[] = [];
    for (const { line, fields } of rows) {
      if (fields.length !== format.columns.length) {
        add(line, '', 'columns', `应有${format.columns.length}列（${format.columns.map((c) => c.label).join('、')}），实有${fields.length}列`);
        continue;
      }
      let idNumber = '';
      const values: Record<string, string | number> = {};
      let ok = true;
      format.columns.forEach((col, i) => {
        const v = fields[i]!.trim();
        const bad = (code: string, message: string) => {
          ok = false;
          add(line, col.name, code, `${col.label}${message}`);
        };
        switch (col.kind) {
          case 'id': {
            const checked = validateResidentId(v);
            if (!checked.ok) bad('id-number', `：${checked.message}`);
            else idNumber = checked.idNumber;
            break;
          }
          case 'date':
            if (!isIsoDate(v)) bad('date', '应为 YYYY-MM-DD 格式的真实日期');
            else values[col.name] = v;
            break;
          case 'month':
            if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(v)) bad('month', '应为 YYYY-MM');
            else values[col.name] = v;
            break;
          case 'yuan':
            if (!/^\d{1,11}(\.\d{1,2})?$/.test(v)) bad('amount', '应为以元为单位的金额，最多两位小数，如 38400 或 38400.50');
            else values[col.name] = parseYuan(v);
            break;
          case 'enum':
            if (!(v in col.values))
              bad(
                'code',
                `应为 ${Object.entries(col.values)
                  .map(([k, l]) => `${k}（${l}）`)
                  .join('、')}`,
              );
            else values[col.name] = v;
            break;
        }
      });
      if (ok) good.push({ line, idNumber, values });
    }
    if (chunk.error) add(chunk.error.line, '', chunk.error.code === 'malformed' ? 'malformed' : 'quotes', chunk.error.message);
    lines += good.length;
    if (errors.length === 0 && good.length) await onLines(good);
  }
  if (first || (lines === 0 && errors.length === 0)) add(2, '', 'empty', '没有数据行');
  return { lines, errors };
}
