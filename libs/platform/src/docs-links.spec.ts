import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// The repository's documents link only to what the repository holds, so a clone alone explains it.
const root = path.resolve(import.meta.dirname, '../../..');
const documents = [
  'README.md',
  'CONTRIBUTING.md',
  'CHANGELOG.md',
  ...readdirSync(path.join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
  ...readdirSync(path.join(root, 'docs/adr')).map((f) => `docs/adr/${f}`),
];

const relativeLinks = (markdown: string) =>
  [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((href) => !/^[a-z]+:/i.test(href) && !href.startsWith('#'));

describe('the documents', () => {
  it.each(documents)('%s links only to files in the repository', (doc) => {
    const text = readFileSync(path.join(root, doc), 'utf8');
    expect(text).not.toMatch(/\.\.\/shared\//);
    const missing = relativeLinks(text).filter((href) => !existsSync(path.join(root, path.dirname(doc), href.split('#')[0]!)));
    expect(missing).toEqual([]);
  });
});
