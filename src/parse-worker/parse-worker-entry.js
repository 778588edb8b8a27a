// The pool's thread entry when running from TypeScript sources (tsx for `npm start`, vitest in
// tests): a fresh thread has no TypeScript loader, so it registers tsx under its own namespace
// (not twice-hooking a thread that inherited tsx from the parent) and loads the task module.
import { register } from 'tsx/esm/api';

const tsx = register({ namespace: 'statuswatch-parse-worker' });
const task = await tsx.import('./parse-task.ts', import.meta.url);

export default task.default;
