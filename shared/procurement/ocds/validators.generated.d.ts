// Types for the generated validators (infra/local/ocds-validators.ts writes the .js beside this file).
export interface GeneratedError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
}
export interface GeneratedValidator {
  (data: unknown): boolean;
  errors?: GeneratedError[] | null;
}
export const validateRelease: GeneratedValidator;
export const validatePackage: GeneratedValidator;
