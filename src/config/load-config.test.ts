import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.ts';
import { testTempDir } from '../../test/support/temp-dir.ts';

function yamlFile(text: string): string {
  const dir = testTempDir('sw-config-');
  const path = join(dir, 'statuswatch.yaml');
  writeFileSync(path, text);
  return path;
}

describe('loadConfig', () => {
  it('gives defaults with nothing set', () => {
    const c = loadConfig({}, {});
    expect(c).toMatchObject({ dataDir: './data', port: 3000, databaseUrl: null, providers: [] });
    expect(c.fetch.allowPrivateNetworks).toBe(false);
  });

  it('layers flags over env over the file', () => {
    const path = yamlFile('port: 4000\ndataDir: /file\n');
    const c = loadConfig(
      { configPath: path, port: '5000' },
      { PORT: '4500', STATUSWATCH_DATA_DIR: '/env' },
    );
    expect(c.port).toBe(5000);
    expect(c.dataDir).toBe('/env');
  });

  it('reads the watch list as code', () => {
    const path = yamlFile(
      'providers:\n  - slug: github\n    url: https://www.githubstatus.com\n    format: statuspage-v2\n',
    );
    expect(loadConfig({ configPath: path }, {}).providers).toEqual([
      { slug: 'github', url: 'https://www.githubstatus.com', format: 'statuspage-v2' },
    ]);
  });

  it('fails on a misspelt key and names it', () => {
    const path = yamlFile('fetch:\n  allowPrivateNetwork: true\n');
    expect(() => loadConfig({ configPath: path }, {})).toThrow(/fetch\.allowPrivateNetwork/);
  });

  it('fails on a bad value and names the key', () => {
    expect(() => loadConfig({ port: 'eighty' }, {})).toThrow(/port/);
    expect(() => loadConfig({}, { DATABASE_URL: 'mysql://x' })).toThrow(/databaseUrl/);
  });

  it('fails with a message on a missing or broken file', () => {
    expect(() => loadConfig({ configPath: '/nonexistent/statuswatch.yaml' }, {})).toThrow(
      /cannot read/,
    );
    expect(() => loadConfig({ configPath: yamlFile('a: [') }, {})).toThrow(/not valid YAML/);
  });
});
