import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

// The repository's own eslint.config.js, without type information: the layer rule reads import
// specifiers only, and a virtual file is in no TypeScript project.
const eslint = new ESLint({
  cwd: new URL('..', import.meta.url).pathname,
  overrideConfig: [tseslint.configs.disableTypeChecked],
});

async function layerErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  expect(result?.messages.filter((m) => m.fatal === true)).toEqual([]);
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('the layer rule', () => {
  it('refuses an import that points up the layers', async () => {
    const code =
      "import { createWebServer } from '../web/server.ts';\nexport const s = createWebServer;\n";
    const errors = await layerErrors(code, 'src/domain/upward-import.ts');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/src\/domain is in layer 1: it imports only from lower layers/);
  });

  it('refuses a type-only import and an import between folders of one row, from any depth', async () => {
    const typeOnly = "import type { Store } from '../storage/store.ts';\nexport type S = Store;\n";
    expect(await layerErrors(typeOnly, 'src/domain/upward-type.ts')).toHaveLength(1);
    const peer = "export { withIngestNotices } from '../../ingest/ingest-notifier.ts';\n";
    expect(await layerErrors(peer, 'src/alerts/channels/peer-import.ts')).toHaveLength(1);
  });

  it('allows imports that point down, and the composition root imports anything', async () => {
    const down = "export { startAlerts } from '../alerts/index.ts';\n";
    expect(await layerErrors(down, 'src/web/downward-import.ts')).toEqual([]);
    const root = "export { createWebServer } from '../../web/server.ts';\n";
    expect(await layerErrors(root, 'src/cli/commands/root-import.ts')).toEqual([]);
  });

  it('passes on the tree', { timeout: 180_000 }, async () => {
    const results = await eslint.lintFiles(['src']);
    const upward = results.flatMap((r) =>
      r.messages
        .filter((m) => m.ruleId === 'no-restricted-imports' || m.fatal === true)
        .map((m) => `${r.filePath}:${String(m.line)} ${m.message}`),
    );
    expect(results.length).toBeGreaterThan(200);
    expect(upward).toEqual([]);
  });
});
