import { loadConfig } from './../config/index.ts';
import { demoCommand } from './commands/demo.ts';
const controller = new AbortController();
setTimeout(() => controller.abort(), Number(process.env.DEMO_MS ?? 30000));
const config = loadConfig({ dataDir: '/tmp/webhelper/demo-data', port: '3917' } as never);
const code = await demoCommand.run({ positionals: [], values: {}, config, store: () => { throw new Error('no'); }, out: (l) => console.log(l), signal: controller.signal });
console.log('exit', code);
