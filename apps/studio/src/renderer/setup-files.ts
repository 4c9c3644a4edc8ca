import { formatPath } from '@descent/core-tensor';
import { parseRunSpecJson, runSpecProblems, type RunSpec } from '@descent/train';
import { host } from './host/host.js';
import { useSetupStore } from './stores/setup.js';
import { fileSafe } from './stores/runs.js';
import { loadableSpec } from './share/setup-link.js';

// "Save setup…" writes the setup as a RunSpec JSON file: the same a CLI spec is (npm run train -- it.json).
// "Open setup…" reads one (a CLI spec too, in either of its formats). A CSV named by path is read from beside
// the file on the desktop; on the web, the Studio asks for it.

export async function saveSetupFile(): Promise<boolean> {
  const setup = useSetupStore();
  const spec = setup.snapshot();
  return host().saveFile({
    name: `${fileSafe(spec.name ?? 'descent-setup')}.json`,
    data: `${JSON.stringify(spec, null, 2)}\n`,
    encoding: 'utf8',
    mime: 'application/json',
    filterName: 'Descent setup (run spec)',
    extension: 'json',
  });
}

/** Opens a setup file into the builder; returns a message for the page (what was loaded, or why not). */
export async function openSetupFile(): Promise<string | null> {
  const f = await host().openSetup();
  if (!f) return null;
  let spec: unknown;
  let legacy: boolean;
  try {
    ({ spec, legacy } = parseRunSpecJson(f.text));
    spec = loadableSpec(spec);
  } catch (e) {
    return `${f.name} is not a setup: ${(e as Error).message}`;
  }
  const s = spec as RunSpec;
  const csv = s && typeof s === 'object' && s.data && 'csv' in s.data ? s.data.csv : null;
  if (csv && csv.text === undefined && csv.path) {
    let text = f.csvText;
    if (text === undefined) {
      // The web has no file system: ask for the CSV the setup names.
      const picked = await host().openCsv();
      if (!picked) return `${f.name} reads its data from ${csv.path}: open the setup again and choose that CSV file when asked.`;
      text = picked.text;
    }
    s.data = { ...s.data, csv: { ...csv, text, fileName: csv.fileName ?? csv.path.replace(/^.*[\\/]/, ''), path: undefined } } as RunSpec['data'];
    s.data = JSON.parse(JSON.stringify(s.data));
  }
  const problems = runSpecProblems(s);
  useSetupStore().load(s);
  const note = legacy ? ' (converted from the earlier CLI format)' : '';
  if (problems.length) return `Opened ${f.name}${note}; ${problems.length} setting${problems.length === 1 ? ' needs' : 's need'} fixing, marked in red (first: ${formatPath(problems[0].path)} ${problems[0].reason}).`;
  return `Opened ${f.name}${note}.`;
}
