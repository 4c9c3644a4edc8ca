import { IdbRunStore } from './idb-run-store.js';
import { serveRunStore, type Endpoint } from './run-store-rpc.js';

// The web build's run storage thread: validation and IndexedDB writes of whole run records happen here.
serveRunStore(new IdbRunStore(), self as unknown as Endpoint);
