/**
 * One Lambda per workflow step (DESIGN §3). The folder `functions/<name>/index.ts` exports `handler`.
 * CDK builds one NodejsFunction per entry; the local gateway imports the same module.
 */
export const FUNCTIONS = {
  reference: { description: '健康检查、区划、政策原文、工作日历、接口说明', memoryMb: 256, timeoutSeconds: 10 },
  rules: { description: '救助标准的查询与发布、试算', memoryMb: 256, timeoutSeconds: 10 },
  application: { description: '申请、查询进度、受理、退回、转办、撤回、授权', memoryMb: 256, timeoutSeconds: 10 },
  supervision: { description: '督办：到期预警与超期提示', memoryMb: 512, timeoutSeconds: 300 },
  dev: { description: '本地专用：签发令牌、按日期运行任务', memoryMb: 256, timeoutSeconds: 30, localOnly: true },
} as const satisfies Record<string, FunctionDef>;

export interface FunctionDef {
  description: string;
  memoryMb: number;
  timeoutSeconds: number;
  /** Never deployed: the local runtime only. */
  localOnly?: boolean;
}

export type FunctionName = keyof typeof FUNCTIONS;

export const functionEntry = (name: FunctionName): string => `functions/${name}/index.ts`;
