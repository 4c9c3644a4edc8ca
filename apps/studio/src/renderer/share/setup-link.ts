import { formatPath } from '@descent/core-tensor';
import { parseRunSpecJson, runSpecProblems, type RunSpec } from '@descent/train';
import { useSetupStore } from '../stores/setup.js';
import { MAX_PAYLOAD, encodePayload, readFragment, removeFragment, replaceHash, writeFragment, type FragmentPart } from './fragment.js';

// "Copy link": the whole training setup (data, model, loss, optimizer, schedule, batches, epochs, seed) in the
// URL fragment, as the RunSpec the CLI runs, so a link, a saved setup file and a CLI spec are one shape.
// Opening a link restores it; a damaged one leaves the setup as it was and says why.

/**
 * What the builder can show: an object with a `data` object and a `model` with a `layers` list. Values inside
 * may be wrong (the form marks them); a text that is not a run spec at all is refused, naming what is missing.
 */
export function loadableSpec(spec: unknown): RunSpec {
  const o = spec as { data?: unknown; model?: { layers?: unknown } } | null;
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new Error('it is not a run spec (a JSON object with data, model, loss, optimizer)');
  if (o.data === null || typeof o.data !== 'object') throw new Error('it is not a run spec: it has no "data" object');
  if (o.model === null || typeof o.model !== 'object' || !Array.isArray(o.model.layers)) throw new Error('it is not a run spec: it has no "model" with a "layers" list');
  return o as RunSpec;
}

export const SETUP_PART: FragmentPart<RunSpec> = {
  name: 'setup',
  version: 1,
  // The same reader as "Open setup…" (either CLI format); values are checked by the form afterwards.
  parse: (d) => loadableSpec(parseRunSpecJson(JSON.stringify(d)).spec),
};

/** The link to the current page with this setup in its fragment, or why there cannot be one. */
export function setupLink(spec: RunSpec, href: string = location.href): { url: string } | { problem: string } {
  const data = spec.data as { csv?: { path?: string; text?: string } };
  if (data.csv?.path && data.csv.text === undefined) return { problem: 'this setup reads its CSV from a file path: a link cannot carry the file; use Save setup… instead' };
  const payload = encodePayload(SETUP_PART.version, spec);
  if (payload.length > MAX_PAYLOAD) return { problem: `this setup is ${Math.round(payload.length / 1024)} KB as a link (its CSV data), more than ${MAX_PAYLOAD / 1024} KB: use Save setup… to share it as a file` };
  const url = new URL(href);
  url.hash = writeFragment(SETUP_PART, spec, url.hash).slice(1);
  return { url: url.toString() };
}

/**
 * Load the setup of a fragment (the page's, or a pasted link's) into the builder. Returns a message for the
 * page, or null when the fragment has no setup. The part is then removed from the address bar: the setup
 * lives in the store (kept across reloads) and a reload must not undo later edits.
 */
export function openSetupLink(hash: string = location.hash, fromAddressBar = hash === location.hash): string | null {
  const r = readFragment(SETUP_PART, hash);
  if (r.status === 'absent') return null;
  if (fromAddressBar) replaceHash(removeFragment(SETUP_PART.name, hash));
  if (r.status === 'invalid') return `The link's setup could not be read (${r.reason}); the setup was left as it was.`;
  const problems = runSpecProblems(r.value);
  useSetupStore().load(r.value);
  const name = r.value.name ? `"${r.value.name}"` : 'the setup';
  if (problems.length) return `Opened ${name} from the link; ${problems.length} setting${problems.length === 1 ? ' needs' : 's need'} fixing, marked in red (first: ${formatPath(problems[0].path)} ${problems[0].reason}).`;
  return `Opened ${name} from the link.`;
}
