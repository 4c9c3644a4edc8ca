import { shallowRef } from 'vue';

// A request to open the Lab on a scenario, from views that must not import the lazily loaded Lab. The Lab
// takes the request when it mounts or while it is open; `at` makes a repeated request for the same scenario
// a new one.
export const labRequest = shallowRef<{ scenario: string; at: number } | null>(null);

export function requestLabScenario(scenario: string): void {
  labRequest.value = { scenario, at: Date.now() };
}
