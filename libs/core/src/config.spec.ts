import { ConfigError, loadConfig } from './config.js';

describe('configuration', () => {
  it('has working defaults for the embedded platform', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3000, EVENT_STORE: 'postgres', COVER_CAP_PERCENT: 20, DATA_DIR: './data' });
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ EVENT_STORE: 'mysql' }, 'EVENT_STORE'],
    [{ EVENT_STORE: 'kurrentdb' }, 'KURRENTDB_URL'],
    [{ COVER_CAP_PERCENT: '120' }, 'COVER_CAP_PERCENT'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
  ])('refuses %j naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});
