import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { authzMatrixMarkdown } from '../shared/definitions/authz-matrix.ts';
import { REPO_ROOT } from './api.ts';

/** `npm run docs:authz`: writes docs/authz-matrix.md from the route table. */
writeFileSync(join(REPO_ROOT, 'docs', 'authz-matrix.md'), authzMatrixMarkdown());
