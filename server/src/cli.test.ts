import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** The command line's contract with scripts: what goes where, and what the exit code says. */
const cli = path.resolve(import.meta.dirname, '../bin/civicgrid.js');
const civicgrid = (...args: string[]) =>
  spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('civicgrid exit codes', () => {
  it('documents them in --help, which exits 0 on standard output', () => {
    const help = civicgrid('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Exit codes: 0 done; 1 failed');
    expect(help.stdout).toContain('2 bad usage');
  });

  it('exits 2 on bad usage, explaining on standard error only', () => {
    for (const args of [['no-such-command'], ['seed', '--seed', 'x'], ['apikey', 'create']]) {
      const run = civicgrid(...args);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stdout, args.join(' ')).toBe('');
      expect(run.stderr, args.join(' ')).toMatch(/error/);
    }
  });
});
