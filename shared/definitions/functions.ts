/**
 * One Lambda per workflow step (docs/architecture.md § One definition, two runtimes). The folder `functions/<name>/index.ts` exports `handler`.
 * CDK builds one NodejsFunction per entry; the local gateway imports the same module.
 */
export const FUNCTIONS = {
  reference: { description: '健康检查、区划、政策原文、工作日历、接口说明', memoryMb: 256, timeoutSeconds: 10 },
  rules: { description: '救助标准的查询与发布、试算', memoryMb: 256, timeoutSeconds: 10 },
  application: { description: '申请、查询进度、受理、退回、转办、撤回、授权、待办、案件详情', memoryMb: 256, timeoutSeconds: 10 },
  verification: { description: '核对报告、入户调查、民主评议', memoryMb: 256, timeoutSeconds: 10 },
  approval: { description: '审核意见（按规则计算）、公示、异议、县级复核、审核确认与纳入', memoryMb: 256, timeoutSeconds: 10 },
  referral: { description: '转办答复、部门查询救助对象身份', memoryMb: 256, timeoutSeconds: 10 },
  supervision: { description: '督办：到期预警与超期提示；公示期满转待审核确认', memoryMb: 512, timeoutSeconds: 300 },
  audit: { description: '审计链核验、近亲属备案', memoryMb: 256, timeoutSeconds: 30 },
  donation: { description: '慈善组织、募捐、捐赠与使用、信息公开', memoryMb: 256, timeoutSeconds: 10 },
  procurement: { description: '政府购买社会救助服务：清单、额度、招标、投标、评审、合同、OCDS', memoryMb: 512, timeoutSeconds: 30 },
  /** The only function whose role may decrypt sealed bids (the bid key's policy names it; infra/api.ts). */
  opening: { description: '开标：投标截止后解密投标文件（唯一可解密投标的函数）', memoryMb: 512, timeoutSeconds: 30 },
  management: { description: '动态管理：复核与探访任务、渐退、数据比对、双随机抽查、紧急状态、价格联动、救灾储备、审计锚定', memoryMb: 512, timeoutSeconds: 300, heapMb: 160 },
  monitoring: { description: '政策找人：部门数据推送与比对、预警、走访结果与预填申请', memoryMb: 512, timeoutSeconds: 300, heapMb: 160 },
  registry: { description: '户档案：家庭与人员、家庭变化事件（按规则重算在享救助）、一户一条救助链查询', memoryMb: 256, timeoutSeconds: 10 },
  payments: { description: '资金发放：月度发放批次、台账、一卡通发放文件、银行回盘、对账、社工补贴名册', memoryMb: 1024, timeoutSeconds: 600, heapMb: 160 },
  /** The only function that calls the SMS provider (shared/notices): the outbox's consumer and its daily sweep. */
  notices: { description: '短信通知：投递发件箱中的通知（每件事至多一次），每日补发未送出的通知', memoryMb: 256, timeoutSeconds: 30 },
  dev: { description: '本地专用：签发令牌、按日期运行任务', memoryMb: 256, timeoutSeconds: 30, localOnly: true },
} as const satisfies Record<string, FunctionDef>;

export interface FunctionDef {
  description: string;
  memoryMb: number;
  timeoutSeconds: number;
  /**
   * V8 old-space cap (`--max-old-space-size`) for the city-scale job functions. Their jobs stream — one
   * page and the batches in flight, a live heap of 20–100 MB — but V8 grows the heap lazily under their
   * allocation rate; the cap makes it collect instead, keeps the process within the 300 MB of docs/architecture.md § Performance budgets, and
   * turns a leak into a fast, retried failure rather than a slow one. The young generation is capped too
   * (`--max-semi-space-size=16`): V8 sizes it from the whole heap limit, and under this cap it otherwise
   * lets each semi-space grow to about 70 MB — measured, the payment run's peak RSS is 265 MB without it
   * and about 180 MB with it, for the same wall time.
   */
  heapMb?: number;
  /** Never deployed: the local runtime only. */
  localOnly?: boolean;
}

export type FunctionName = keyof typeof FUNCTIONS;

const SEMI_SPACE_MB = 16;

/** The function's NODE_OPTIONS (its heap caps): the Lambda environment and the bench's job process both use it. */
export const nodeOptions = (def: FunctionDef): { NODE_OPTIONS?: string } => (def.heapMb ? { NODE_OPTIONS: `--max-old-space-size=${def.heapMb} --max-semi-space-size=${SEMI_SPACE_MB}` } : {});

export const functionEntry = (name: FunctionName): string => `functions/${name}/index.ts`;
