/**
 * docs/cli.md stays in sync with the yargs definitions: every command `chiplet-dse --help` lists
 * has a section `## \`chiplet-dse <command> ...\`` and vice versa; every option (and positional)
 * that `chiplet-dse <command> --help` lists appears in that section, and the section lists none
 * that the command does not have. Global options belong to the "Global options" section.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from './helpers/runCli.js';

interface HelpPage {
  /** Options as written in the help: "--json", "-o, --output". */
  options: string[];
  positionals: string[];
}

/** Lines of a block of the help ("Options:", "Positionals:", "Commands:") up to the next blank line. */
function block(text: string, title: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === title);
  if (start < 0) return [];
  const out: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if (l.trim() === '') break;
    out.push(l);
  }
  return out;
}

/** Option entries start within a few columns; wrapped descriptions are indented much further. */
const HELP_OPTION = /^ {2,6}(?:(-[A-Za-z]), )?--([A-Za-z][\w-]*)/;

function parseHelp(text: string): HelpPage {
  const options = block(text, 'Options:').flatMap((l) => {
    const m = HELP_OPTION.exec(l);
    return m === null ? [] : [m[1] === undefined ? `--${m[2]}` : `${m[1]}, --${m[2]}`];
  });
  const positionals = block(text, 'Positionals:').flatMap((l) => {
    const m = /^ {2}([A-Za-z][\w-]*)\s/.exec(l);
    return m === null ? [] : [m[1]!];
  });
  return { options, positionals };
}

function help(args: string[]): string {
  const r = runCli([...args, '--help']);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

const topHelp = help([]);
const COMMANDS = block(topHelp, 'Commands:').flatMap((l) => {
  const m = /^ {2}chiplet-dse ([a-z][\w-]*)/.exec(l);
  return m === null ? [] : [m[1]!];
});
const GLOBAL_OPTIONS = parseHelp(topHelp).options;

interface DocSection {
  heading: string;
  options: string[];
  positionals: string[];
}

/** docs/cli.md split at its `## ` headings; options are table rows starting with `--name`. */
function docSections(): Map<string, DocSection> {
  const text = readFileSync(join(REPO_ROOT, 'docs/cli.md'), 'utf8');
  const sections = new Map<string, DocSection>();
  for (const part of text.split(/^## /m).slice(1)) {
    const heading = part.slice(0, part.indexOf('\n')).trim();
    const options = [...part.matchAll(/^\| `(?:(-[A-Za-z]), )?--([A-Za-z][\w-]*)/gm)].map((m) =>
      m[1] === undefined ? `--${m[2]}` : `${m[1]}, --${m[2]}`,
    );
    const command = /^`chiplet-dse ([a-z][\w-]*)((?: [<[][^>\]]+[>\]])*)`$/.exec(heading);
    const key = command === null ? heading : `command:${command[1]}`;
    const positionals =
      command === null ? [] : [...command[2]!.matchAll(/[<[]([\w-]+)(?:\.\.\.?)?[>\]]/g)].map((m) => m[1]!);
    sections.set(key, { heading, options, positionals });
  }
  return sections;
}

const docs = docSections();
const documentedCommands = [...docs.keys()].filter((k) => k.startsWith('command:')).map((k) => k.slice(8));

describe('docs/cli.md matches the yargs definitions', () => {
  it('reads the commands and global options from --help', () => {
    expect(COMMANDS).toEqual(expect.arrayContaining(['evaluate', 'validate', 'sweep', 'plugins', 'init']));
    expect(GLOBAL_OPTIONS).toEqual(expect.arrayContaining(['--tech', '--plugin', '--version', '-h, --help']));
  });

  it('has a section for every command, and none for a command that does not exist', () => {
    const missing = COMMANDS.filter((c) => !documentedCommands.includes(c));
    const stale = documentedCommands.filter((c) => !COMMANDS.includes(c));
    expect(missing, 'commands of chiplet-dse --help without a "## `chiplet-dse <command>`" section').toEqual(
      [],
    );
    expect(stale, 'sections of docs/cli.md for commands chiplet-dse --help does not list').toEqual([]);
  });

  it('documents every global option in "Global options", and no other', () => {
    const section = docs.get('Global options');
    expect(section, 'docs/cli.md has no "## Global options" section').toBeDefined();
    const missing = GLOBAL_OPTIONS.filter((o) => !section!.options.includes(o));
    const stale = section!.options.filter((o) => !GLOBAL_OPTIONS.includes(o));
    expect(missing, 'global options missing from docs/cli.md').toEqual([]);
    expect(stale, 'options in "Global options" that chiplet-dse --help does not list').toEqual([]);
  });

  describe.each(COMMANDS)('chiplet-dse %s', (command) => {
    it('lists exactly the options and positionals of its --help', () => {
      const page = parseHelp(help([command]));
      const own = page.options.filter((o) => !GLOBAL_OPTIONS.includes(o));
      const section = docs.get(`command:${command}`);
      expect(section, `docs/cli.md has no section for ${command}`).toBeDefined();
      const missing = own.filter((o) => !section!.options.includes(o));
      const stale = section!.options.filter((o) => !own.includes(o));
      expect(missing, `options of "chiplet-dse ${command} --help" missing from docs/cli.md`).toEqual([]);
      expect(stale, `options in the docs/cli.md section of ${command} that its --help does not list`).toEqual(
        [],
      );
      expect(
        section!.positionals,
        `positionals of "chiplet-dse ${command} --help" vs the heading "${section!.heading}"`,
      ).toEqual(page.positionals);
    });
  });
});
