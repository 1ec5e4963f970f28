import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * SQL is built by Kysely, whose builders and `sql` template bind every value as a parameter. What
 * could splice text into a statement is listed here and refused, but for the few places that do it
 * with text of their own, each named with the reason it is safe.
 */

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Ways of putting text into SQL without a parameter. */
const SPLICES: ReadonlyArray<readonly [string, RegExp]> = [
  // sql.join and sql.val bind their values; these take text as SQL or as a name.
  ['a Kysely escape hatch', /\bsql\s*\.\s*(raw|lit|id|ref|table)\s*\(/g],
  ['a template literal with interpolation run as SQL', /\.(exec|query|prepare|pragma)\(\s*`[^`]*\$\{/g],
  ['a concatenated string run as SQL', /\.(exec|query|prepare|pragma)\(\s*(['"`])[^'"`]*\2\s*\+/g],
  ['a statement run from a variable built elsewhere', /\.query\(\s*[a-z][A-Za-z]*\s*[,)]/g],
];

/** Migrations run fixed DDL (trigger bodies among it) and take no input: raw SQL is theirs to use. */
const NO_INPUT = ['store/migrations/'];

/** file (relative to src) → the text of each allowed splice, and why it is safe. */
const ALLOWED: ReadonlyArray<{ file: string; text: string; why: string }> = [
  {
    file: 'store/database.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text to find
    text: 'CREATE SCHEMA IF NOT EXISTS ${location.schema}',
    why: 'DDL cannot take parameters; the schema name is checked against /^[a-z_][a-z0-9_]*$/ first',
  },
  {
    file: 'store/cluster/clusterSignals.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text to find
    text: 'LISTEN "${channel}"',
    why: 'LISTEN takes no parameters; the channel is built from the schema name reduced to [a-z0-9_]',
  },
  {
    file: 'store/sqlite/groupCommit.ts',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text to find
    text: '${SAVEPOINT}',
    why: 'a constant of the module, not input',
  },
  {
    file: 'store/statementCache.ts',
    text: 'prepare(sql)',
    why: 'prepares the text Kysely compiled, whose values are parameters',
  },
  {
    file: 'store/sqlite/groupCommitDialect.ts',
    text: 'prepare(',
    why: 'prepares the text Kysely compiled, whose values are parameters',
  },
];

describe('SQL', () => {
  it('is only ever parameterised: no raw text spliced into a statement but the few named here', () => {
    const found: string[] = [];
    for (const file of sources(SRC)) {
      const relative = path.relative(SRC, file).split(path.sep).join('/');
      if (NO_INPUT.some((prefix) => relative.startsWith(prefix))) continue;
      const text = readFileSync(file, 'utf8');
      for (const [what, pattern] of SPLICES) {
        for (const match of text.matchAll(pattern)) {
          const line = text.slice(0, match.index).split('\n').length;
          const lineText = text.split('\n')[line - 1]!.trim();
          const window = text.slice(match.index, match.index + 200);
          const allowed = ALLOWED.some(
            (a) => a.file === relative && (window.includes(a.text) || lineText.includes(a.text)),
          );
          if (!allowed) found.push(`${relative}:${line}: ${what}: ${lineText}`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('finds a splice when there is one (the check itself works)', () => {
    const text =
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text with a splice in it
      'await db.exec(`DELETE FROM t WHERE id = ${id}`); sql.raw(name); pool.query("a" + b); c.query(text)';
    const hits = SPLICES.flatMap(([, pattern]) => [...text.matchAll(pattern)]);
    expect(hits.length).toBe(4);
  });
});
