/** What evidence an applicant may upload (shared/cases/evidence.ts): platform limits, stated to people in the answer and the refusal. */
export const EVIDENCE_LIMITS = {
  /** Photos from a phone and scanned or downloaded PDFs. */
  types: { 'image/jpeg': ['jpg', 'jpeg'], 'image/png': ['png'], 'image/heic': ['heic'], 'application/pdf': ['pdf'] } as Record<string, string[]>,
  maxBytes: 10 * 1024 * 1024,
  perCase: 20,
  /** How long a staff download link lives. */
  downloadSeconds: 5 * 60,
};
export const EVIDENCE_LIMITS_TEXT = '可以上传照片（JPG、PNG、HEIC）或 PDF 文件，每个不超过 10 MB，每件申请最多 20 个。';
