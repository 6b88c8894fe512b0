// Qgig's architecture rules (docs/architecture.md, "Who owns what"), checked by `npm run lint`:
//  - module-boundaries: a module never imports another module's entity or repository; it calls that
//    module's exported service.
//  - database-access: only repositories (`*.repository.ts`) and src/database/ talk to the database; a
//    service opens a transaction with TransactionRunner and hands the `em` on without querying through it.
import path from 'node:path';

const MODULES_DIR = `${path.sep}src${path.sep}modules${path.sep}`;

/** `src/modules/<name>/…` → name, otherwise undefined. */
function moduleOf(file) {
  const at = file.lastIndexOf(MODULES_DIR);
  if (at === -1) return undefined;
  return file.slice(at + MODULES_DIR.length).split(path.sep)[0];
}

const moduleBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: "A module may not import another module's entities or repositories." },
    schema: [],
    messages: {
      foreign:
        "{{from}} may not import {{to}}'s {{kind}} ({{source}}): only {{to}}'s repositories touch its tables. " +
        "Call a method of {{to}}'s exported service instead.",
    },
  },
  create(context) {
    const file = context.filename;
    const from = moduleOf(file);
    if (!from) return {};
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const kind = /\.entity(\.js)?$/.test(source)
        ? 'entity'
        : /\.repository(\.js)?$/.test(source)
          ? 'repository'
          : null;
      if (!kind) return;
      const to = moduleOf(path.resolve(path.dirname(file), source));
      if (to && to !== from) context.report({ node, messageId: 'foreign', data: { from, to, kind, source } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
  },
};

const QUERY_METHODS = new Set([
  'query',
  'createQueryBuilder',
  'getRepository',
  'transaction',
  'find',
  'findOne',
  'findOneBy',
  'findBy',
  'findAndCount',
  'findOneOrFail',
  'exists',
  'existsBy',
  'count',
  'countBy',
  'save',
  'insert',
  'update',
  'upsert',
  'delete',
  'remove',
  'softDelete',
  'increment',
  'decrement',
  'create',
]);
const DATABASE_HANDLES = new Set(['em', 'manager', 'entityManager', 'dataSource', 'queryRunner', 'tx']);
const FORBIDDEN_IMPORTS = {
  '@nestjs/typeorm': new Set(['InjectDataSource', 'InjectRepository', 'InjectEntityManager']),
  typeorm: new Set(['DataSource', 'Repository', 'QueryRunner', 'SelectQueryBuilder']),
};

/** The name a call's receiver ends in: `em`, `this.dataSource`, `x.manager` → em, dataSource, manager. */
function receiverName(node) {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier') {
    return node.property.name;
  }
  return undefined;
}

const databaseAccess = {
  meta: {
    type: 'problem',
    docs: { description: 'Only repositories and src/database/ query the database.' },
    schema: [],
    messages: {
      query:
        "{{receiver}}.{{method}}(…) outside a repository: move the SQL into a method of this module's " +
        '*.repository.ts and call that (services pass `em` on, they never query through it).',
      import:
        "{{name}} from '{{source}}' outside a repository: inject this module's repository, or " +
        'TransactionRunner for a transaction.',
    },
  },
  create(context) {
    const file = context.filename;
    if (
      !file.includes(`${path.sep}src${path.sep}`) ||
      file.endsWith('.repository.ts') ||
      file.endsWith('.spec.ts') ||
      file.includes(`${path.sep}src${path.sep}database${path.sep}`) ||
      file.includes(`${path.sep}src${path.sep}pesapal-emulator${path.sep}`)
    ) {
      return {};
    }
    return {
      ImportDeclaration(node) {
        const forbidden = FORBIDDEN_IMPORTS[node.source.value];
        if (!forbidden) return;
        for (const specifier of node.specifiers) {
          const name = specifier.imported?.name;
          if (name && forbidden.has(name)) {
            context.report({
              node: specifier,
              messageId: 'import',
              data: { name, source: node.source.value },
            });
          }
        }
      },
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier')
          return;
        const method = callee.property.name;
        const receiver = receiverName(callee.object);
        if (QUERY_METHODS.has(method) && receiver && DATABASE_HANDLES.has(receiver)) {
          context.report({ node, messageId: 'query', data: { receiver, method } });
        }
      },
    };
  },
};

export default {
  meta: { name: 'qgig-architecture' },
  rules: { 'module-boundaries': moduleBoundaries, 'database-access': databaseAccess },
};
