/**
 * Counties and townships of Bozhou. County codes are the national administrative division codes
 * (GB/T 2260). The township list is SAMPLE data: a few real township names per county with
 * platform-internal codes and example populations, to be replaced by the 统计用区划代码 and the
 * census figures when they are entered. Everything sample says so.
 */
/**
 * The township's 为民服务中心 social-assistance window (十九 一门受理): where people apply in person. The
 * seeded values are SAMPLE data (`sample: true`, shown as 示例 on /areas/) until the admin enters the real
 * address, phone and hours (POST /api/v1/areas/{county}/townships/{township}/window).
 */
export interface ServiceWindow {
  address: string;
  phone: string;
  hours: string;
  sample: boolean;
  updatedAt?: string;
  updatedBy?: string;
}

export interface Township {
  code: string;
  name: string;
  kind: '街道' | '镇' | '乡';
  population: number;
  populationSource: string;
  sample: boolean;
  window?: ServiceWindow;
}

export interface County {
  code: string;
  name: string;
  source: string;
  townships: Township[];
}

const SAMPLE_POP = '示例数据：人口为示例值，待按统计部门公布的常住人口录入';
const t = (code: string, name: string, population: number): Township => ({
  code,
  name,
  kind: name.endsWith('街道') ? '街道' : name.endsWith('乡') ? '乡' : '镇',
  population,
  populationSource: SAMPLE_POP,
  sample: true,
});

/** Working-day hours as a sample: the real hours are the township's own and are entered by the admin. */
export const SAMPLE_HOURS = '法定工作日 上午 8:30–12:00，下午 14:30–17:30（节假日休息）';

/** A sample window for a township: its 为民服务中心, a sample landline (亳州 0558) made from its code. */
export function sampleWindow(countyName: string, t: Pick<Township, 'code' | 'name'>): ServiceWindow {
  return {
    address: `${countyName}${t.name}为民服务中心一楼 社会救助综合服务窗口`,
    phone: `0558-55${t.code.slice(4, 6)}${t.code.slice(-4)}`,
    hours: SAMPLE_HOURS,
    sample: true,
  };
}

const COUNTY_SOURCE = '中华人民共和国县以上行政区划代码（民政部）';

/** Bozhou City itself, for what is city-wide (a city reserve, a city-wide simulation). */
export const CITY_CODE = '341600';

const RAW_COUNTIES: readonly County[] = [
  {
    code: '341602',
    name: '谯城区',
    source: COUNTY_SOURCE,
    townships: [
      t('341602001', '花戏楼街道', 62000),
      t('341602002', '薛阁街道', 58000),
      t('341602101', '古井镇', 45000),
      t('341602102', '十八里镇', 30000),
      t('341602103', '魏岗镇', 29999),
      t('341602104', '城父镇', 52000),
    ],
  },
  {
    code: '341621',
    name: '涡阳县',
    source: COUNTY_SOURCE,
    townships: [t('341621001', '城关街道', 80000), t('341621002', '星园街道', 41000), t('341621101', '义门镇', 56000), t('341621102', '高公镇', 38000), t('341621103', '石弓镇', 27000)],
  },
  {
    code: '341622',
    name: '蒙城县',
    source: COUNTY_SOURCE,
    townships: [t('341622001', '城关街道', 76000), t('341622002', '漆园街道', 35000), t('341622003', '庄周街道', 33000), t('341622101', '双涧镇', 47000), t('341622102', '小涧镇', 28000)],
  },
  {
    code: '341623',
    name: '利辛县',
    source: COUNTY_SOURCE,
    townships: [t('341623101', '城关镇', 90000), t('341623102', '阚疃镇', 61000), t('341623103', '张村镇', 43000), t('341623104', '江集镇', 39000), t('341623105', '王人镇', 26000)],
  },
];

export const COUNTIES: readonly County[] = RAW_COUNTIES.map((c) => ({ ...c, townships: c.townships.map((t) => ({ ...t, window: sampleWindow(c.name, t) })) }));

export const findCounty = (code: string): County | undefined => COUNTIES.find((c) => c.code === code);

export function findTownship(code: string): (Township & { county: string }) | undefined {
  for (const c of COUNTIES) {
    const hit = c.townships.find((x) => x.code === code);
    if (hit) return { ...hit, county: c.code };
  }
  return undefined;
}
