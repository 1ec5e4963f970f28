// A worker thread does not inherit tsx's loader: it registers it, then runs the TypeScript body.
import { register } from 'tsx/esm/api';

register();
await import('./createRowsThread.ts');
