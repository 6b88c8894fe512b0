import { ESLint } from 'eslint';

/**
 * The module-boundary and database-access rules (eslint-rules/qgig-architecture.js) fail `npm run lint`
 * on the two mistakes they exist for, and pass the shapes the codebase uses.
 */
const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function ruleIds(filePath: string, code: string): Promise<(string | null)[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId?.startsWith('qgig/')).map((m) => m.ruleId);
}

describe('architecture lint rules', () => {
  it("refuses a module importing another module's entity or repository", async () => {
    expect(
      await ruleIds(
        'src/modules/ratings/demo.ts',
        `import { Job } from '../jobs/job.entity.js';\nimport { JobsRepository } from '../jobs/jobs.repository.js';\nexport const x = [Job, JobsRepository];\n`,
      ),
    ).toEqual(['qgig/module-boundaries', 'qgig/module-boundaries']);
  });

  it('refuses a query outside a repository, and injecting the DataSource there', async () => {
    expect(
      await ruleIds(
        'src/modules/ratings/demo.service.ts',
        `import { InjectDataSource } from '@nestjs/typeorm';\nimport { DataSource } from 'typeorm';\n` +
          `export class Demo {\n  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}\n` +
          `  run() { return this.dataSource.query('SELECT 1'); }\n}\n`,
      ),
    ).toEqual(['qgig/database-access', 'qgig/database-access', 'qgig/database-access']);
    expect(
      await ruleIds(
        'src/modules/ratings/demo.service.ts',
        `import type { EntityManager } from 'typeorm';\nexport async function f(em: EntityManager) { return em.findOneBy('x' as never, {}); }\n`,
      ),
    ).toEqual(['qgig/database-access']);
  });

  it("allows the same in a repository, a module's own entity, and another module's service", async () => {
    expect(
      await ruleIds(
        'src/modules/ratings/demo.repository.ts',
        `import { InjectDataSource } from '@nestjs/typeorm';\nimport { DataSource } from 'typeorm';\nimport { Rating } from './rating.entity.js';\n` +
          `export class DemoRepository {\n  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}\n` +
          `  run() { return this.dataSource.manager.findOneBy(Rating, {}); }\n}\n`,
      ),
    ).toEqual([]);
    expect(
      await ruleIds(
        'src/modules/ratings/demo.service.ts',
        `import { JobsService } from '../jobs/jobs.service.js';\nexport const x = JobsService;\n`,
      ),
    ).toEqual([]);
  });
});
