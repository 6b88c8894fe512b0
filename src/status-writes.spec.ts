import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/**
 * Who owns what: a status column is written in exactly one place per aggregate. Every statement that
 * writes a `status` or `refund_status` column (SQL `UPDATE … SET status =`, or TypeORM `update(…, { status })`)
 * must sit in a repository method named `write…Status`, and those methods are called only from the
 * aggregate's `*.transitions.ts`, which checks the move against its table first.
 */
const SRC = new URL('.', import.meta.url).pathname;
/** The SET list of an UPDATE (up to WHERE / RETURNING), then whether it assigns a status column. */
const SQL_SET_LIST = /\bUPDATE\s+\w+\s+SET\b((?:(?!\bWHERE\b|\bRETURNING\b)[\s\S])*)/gi;
const ASSIGNS_STATUS = /\b(status|refund_status)\s*=/i;

function writesStatusInSql(text: string): boolean {
  return [...text.matchAll(SQL_SET_LIST)].some((match) => ASSIGNS_STATUS.test(match[1]));
}
const STATUS_PROPERTIES = new Set(['status', 'refundStatus']);
const WRITER_NAME = /^write\w*Status$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'pesapal-emulator' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

interface Finding {
  file: string;
  line: number;
  enclosing: string | undefined;
}

function enclosingFunctionName(node: ts.Node): string | undefined {
  for (let at: ts.Node | undefined = node.parent; at; at = at.parent) {
    if ((ts.isMethodDeclaration(at) || ts.isFunctionDeclaration(at)) && at.name) return at.name.getText();
  }
  return undefined;
}

function isStatusObject(node: ts.Node): boolean {
  return (
    ts.isObjectLiteralExpression(node) &&
    node.properties.some(
      (property) =>
        (ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property)) &&
        STATUS_PROPERTIES.has(property.name.getText()),
    )
  );
}

function scan(file: string): { writes: Finding[]; writerCalls: Finding[] } {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const writes: Finding[] = [];
  const writerCalls: Finding[] = [];
  const at = (node: ts.Node): Finding => ({
    file: relative(SRC, file),
    line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1,
    enclosing: enclosingFunctionName(node),
  });
  const visit = (node: ts.Node): void => {
    if (
      (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) &&
      writesStatusInSql(node.text)
    ) {
      writes.push(at(node));
    }
    if (ts.isTemplateExpression(node) && writesStatusInSql(node.getText())) writes.push(at(node));
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      if ((method === 'update' || method === 'set') && node.arguments.some(isStatusObject))
        writes.push(at(node));
      if (WRITER_NAME.test(method)) writerCalls.push(at(node));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { writes, writerCalls };
}

const findings = sourceFiles(SRC).map(scan);
const writes = findings.flatMap((f) => f.writes);
const writerCalls = findings.flatMap((f) => f.writerCalls);

describe('status columns are written in one place per aggregate', () => {
  it('finds the writers (the scan works)', () => {
    expect(writes.map((w) => w.file)).toEqual(
      expect.arrayContaining([
        'modules/jobs/jobs.repository.ts',
        'modules/payments/payments.repository.ts',
        'modules/verification/documents.repository.ts',
      ]),
    );
  });

  it.each(writes.map((w) => [`${w.file}:${w.line}`, w] as const))(
    '%s writes a status inside a repository write…Status method',
    (_where, write) => {
      expect(write.file).toMatch(/\.repository\.ts$/);
      expect(write.enclosing).toMatch(WRITER_NAME);
    },
  );

  it.each(writerCalls.map((c) => [`${c.file}:${c.line}`, c] as const))(
    '%s calls a status writer from a transitions file',
    (_where, call) => {
      expect(call.file).toMatch(/\.transitions\.ts$/);
    },
  );
});
