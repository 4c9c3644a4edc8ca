import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Runs exported scripts with the real PyTorch: Debian's python3-torch (1.13) at /usr/bin/python3, exactly that
// interpreter (a python3 earlier on PATH may have no torch, or another one). Importing torch takes seconds, so
// one process runs every script (runpy, each with its own argv and captured stdout).

export const PYTHON = '/usr/bin/python3';

/** Throws, saying how to install them, when /usr/bin/python3 cannot import torch and numpy. */
export function requireTorch(): string {
  const r = spawnSync(PYTHON, ['-c', 'import torch, numpy; print(torch.__version__)'], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) {
    throw new Error(`PyTorch is not available to ${PYTHON} (${(r.stderr || r.error?.message || '').trim().split('\n').pop()}): apt-get install python3-torch python3-numpy`);
  }
  return r.stdout.trim();
}

const DRIVER = `
import contextlib, io, json, runpy, sys, traceback
results = {}
for path, args in json.loads(sys.argv[1]):
    out = io.StringIO()
    sys.argv = [path] + args
    error = None
    with contextlib.redirect_stdout(out):
        try:
            runpy.run_path(path, run_name='__main__')
        except SystemExit as e:
            if e.code not in (None, 0):
                error = f'exit {e.code}'
        except Exception:
            error = traceback.format_exc()
    results[path] = {'stdout': out.getvalue(), 'error': error}
print(json.dumps(results))
`;

export interface ScriptResult {
  stdout: string;
  error: string | null;
}

/** Run every script, each with its command-line arguments, in one Python process; results by path. */
export function runScripts(dir: string, scripts: readonly (readonly [path: string, args: readonly string[]])[]): Record<string, ScriptResult> {
  const driver = join(dir, 'run_scripts.py');
  writeFileSync(driver, DRIVER);
  const r = spawnSync(PYTHON, [driver, JSON.stringify(scripts)], { encoding: 'utf8', timeout: 300_000, maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${PYTHON} ${driver} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, ScriptResult>;
}

/** One epoch line of a script run with --verbose: `epoch <n> loss <v> [test_loss <v>] ... lr <v>`. */
export interface EpochLine {
  epoch: number;
  values: Record<string, number>;
}

export function parseEpochLines(stdout: string): { epochs: EpochLine[]; other: string[] } {
  const epochs: EpochLine[] = [];
  const other: string[] = [];
  for (const line of stdout.split('\n')) {
    if (!line) continue;
    const m = /^epoch (\d+) (.*)$/.exec(line);
    if (!m) {
      other.push(line);
      continue;
    }
    const parts = m[2].split(' ');
    const values: Record<string, number> = {};
    for (let i = 0; i + 1 < parts.length; i += 2) values[parts[i]] = Number(parts[i + 1].replace(/^nan$/, 'NaN').replace(/^(-?)inf$/, '$1Infinity'));
    epochs.push({ epoch: Number(m[1]), values });
  }
  return { epochs, other };
}
