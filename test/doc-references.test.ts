/**
 * Every comment that cites a document must cite one in this repo: a `*.md` reference in a comment
 * of the packages' and the glass-core example's src folders must resolve to a file (relative to the
 * repo root, to docs/, or to the citing file's folder), and a cited "§N" section or "#anchor" must
 * exist in that file. Citations of notes that live outside the repo rot silently otherwise.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './helpers/runCli.js';

interface DocReference {
  /** The cited path as written, e.g. "docs/models/pareto.md". */
  target: string;
  /** "4.2" for "§4.2", when given. */
  section?: string;
  /** "sharding" for "#sharding", when given. */
  anchor?: string;
  line: number;
}

/**
 * A path ending in .md, then optionally (after closing quotes, backticks or brackets) a section
 * "§N.M" or an anchor "#slug". "§4.2–4.4" cites 4.2; a trailing full stop is not part of it.
 */
const REFERENCE =
  /([A-Za-z0-9_./-]*[A-Za-z0-9_-]\.md)(?:[`'")\]]*(?:\s*§\s*(\d+(?:\.\d+)*)|#([A-Za-z0-9_-]+)))?/g;

/** The text of every comment of a TypeScript source (strings and code are not comments). */
export function commentsOf(text: string, fileName = 'x.ts'): { text: string; line: number }[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const seen = new Map<number, ts.CommentRange>();
  const collect = (ranges: ts.CommentRange[] | undefined) => {
    for (const r of ranges ?? []) seen.set(r.pos, r);
  };
  // Every token's leading and trailing trivia: comments can sit before any token, including
  // closing braces and commas, which are not nodes of their own.
  const visit = (node: ts.Node) => {
    collect(ts.getLeadingCommentRanges(text, node.pos));
    collect(ts.getTrailingCommentRanges(text, node.end));
    for (const child of node.getChildren(source)) visit(child);
  };
  visit(source);
  return [...seen.values()]
    .sort((a, b) => a.pos - b.pos)
    .map((r) => ({
      text: text.slice(r.pos, r.end),
      line: source.getLineAndCharacterOfPosition(r.pos).line + 1,
    }));
}

export function referencesIn(text: string): DocReference[] {
  const out: DocReference[] = [];
  for (const comment of commentsOf(text)) {
    for (const m of comment.text.matchAll(REFERENCE)) {
      const before = comment.text.slice(0, m.index);
      out.push({
        target: m[1]!,
        ...(m[2] === undefined ? {} : { section: m[2] }),
        ...(m[3] === undefined ? {} : { anchor: m[3] }),
        line: comment.line + (before.match(/\n/g)?.length ?? 0),
      });
    }
  }
  return out;
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
export function headingSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Why `ref`, cited from `fromFile`, does not resolve; undefined when it does. */
export function referenceProblem(ref: DocReference, fromFile: string): string | undefined {
  const candidates = [
    join(REPO_ROOT, ref.target),
    join(REPO_ROOT, 'docs', ref.target),
    join(dirname(fromFile), ref.target),
  ];
  const file = candidates.find((f) => existsSync(f) && statSync(f).isFile());
  if (file === undefined) return `${ref.target} is not a file of this repo`;
  const headings = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => /^#{1,6}\s/.test(l))
    .map((l) => l.replace(/^#{1,6}\s+/, ''));
  if (ref.section !== undefined) {
    // "## 4. Title" and "### 4.2 Title" number their sections; "§4" matches "4." but not "4.2".
    const number = new RegExp(`^§?\\s*${ref.section.replace(/\./g, '\\.')}(?:\\.?\\s|\\.?$)`);
    if (!headings.some((h) => number.test(h))) return `${ref.target} has no section §${ref.section}`;
  }
  if (ref.anchor !== undefined && !headings.some((h) => headingSlug(h) === ref.anchor))
    return `${ref.target} has no heading #${ref.anchor}`;
  return undefined;
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'dist' ? [] : sourceFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

const SOURCE_ROOTS = [
  ...readdirSync(join(REPO_ROOT, 'packages')).map((p) => join(REPO_ROOT, 'packages', p, 'src')),
  join(REPO_ROOT, 'examples', 'plugin-glass-core', 'src'),
];

describe('document references in comments', () => {
  const here = join(REPO_ROOT, 'packages', 'core', 'src', 'math', 'index.ts');

  it('finds references in comments only, with their section or anchor', () => {
    const text = [
      "const s = 'not/cited.md §1'; // see docs/models/pareto.md §8.",
      '/**',
      ' * Sharding: docs/design-space.md#sharding and `thermal-model.md` §4.2–4.4',
      ' */',
    ].join('\n');
    expect(referencesIn(text)).toEqual([
      { target: 'docs/models/pareto.md', section: '8', line: 1 },
      { target: 'docs/design-space.md', anchor: 'sharding', line: 3 },
      { target: 'thermal-model.md', section: '4.2', line: 3 },
    ]);
  });

  it('refuses a missing file, a missing section and a missing anchor, and accepts real ones', () => {
    expect(referenceProblem({ target: 'docs/no-such-note.md', line: 1 }, here)).toMatch(/not a file/);
    expect(referenceProblem({ target: 'cost-yield-models.md', line: 1 }, here)).toMatch(/not a file/);
    expect(referenceProblem({ target: 'docs/models/pareto.md', section: '99', line: 1 }, here)).toMatch(
      /no section §99/,
    );
    expect(
      referenceProblem({ target: 'docs/models/pareto.md', anchor: 'no-such-heading', line: 1 }, here),
    ).toMatch(/no heading/);
    expect(
      referenceProblem({ target: 'docs/models/pareto.md', section: '8', line: 1 }, here),
    ).toBeUndefined();
    expect(referenceProblem({ target: 'models/pareto.md', section: '5', line: 1 }, here)).toBeUndefined();
    expect(
      referenceProblem({ target: 'docs/reference/thermal-model.md', section: '4.2', line: 1 }, here),
    ).toBeUndefined();
    // §4 is a section of its own; §4.9 is not, even though "4." starts other headings.
    expect(
      referenceProblem({ target: 'docs/reference/thermal-model.md', section: '4.9', line: 1 }, here),
    ).toMatch(/no section/);
  });

  it('every reference in a source comment resolves to a file and section of this repo', () => {
    const problems: string[] = [];
    let count = 0;
    for (const root of SOURCE_ROOTS) {
      for (const file of sourceFiles(root)) {
        for (const ref of referencesIn(readFileSync(file, 'utf8'))) {
          count++;
          const problem = referenceProblem(ref, file);
          if (problem !== undefined) problems.push(`${relative(REPO_ROOT, file)}:${ref.line}: ${problem}`);
        }
      }
    }
    expect(problems).toEqual([]);
    // The scan itself must be working: the sources cite dozens of documents.
    expect(count).toBeGreaterThan(40);
  });
});
