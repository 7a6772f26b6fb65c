import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ATLASKIT_STYLESHEET, mergeAtlaskitStylesheets, readCompiledStylesheets, writeAtlaskitStylesheet } from '@/scripts/lib/atlaskit-stylesheet';

// Atlaskit's per-component stylesheets merged into the one the root layout imports:
// nothing lost, nothing twice, in an order where a later state wins.

const classesOf = (css: string) => new Set(css.match(/\._[a-z0-9]+/g));

describe('the merged Atlaskit stylesheet', () => {
  let root: string;

  async function writeSource(relative: string, css: string) {
    const file = path.join(root, 'node_modules', relative);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, css);
  }
  const merged = () => readFile(path.join(root, ATLASKIT_STYLESHEET), 'utf8');

  beforeEach(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'logshare-atlaskit-css-'));
    await mkdir(path.join(root, 'app'));
    // A hover state in a file that sorts first, its base in another; the same file in two builds of a package.
    await writeSource('@atlaskit/a/dist/esm/a.compiled.css', '._a1hv:hover{color:blue}\n._a2pl{padding-left:4px}\n');
    await writeSource('@atlaskit/b/dist/esm/b.compiled.css', '._b1cl{color:red}\n._b2pd{padding:0}\n@media (min-width:30rem){._b3wd{width:10px}}\n');
    await writeSource('@atlaskit/b/dist/cjs/b.compiled.css', '._b1cl{color:red}\n._b2pd{padding:0}\n@media (min-width:30rem){._b3wd{width:10px}}\n');
    await writeSource('@atlaskit/b/node_modules/@atlaskit/c/dist/esm/c.compiled.css', '._c1cl{color:green}\n');
    await writeSource('other/readme.css', '._not{color:black}\n');
  });

  afterEach(() => rm(root, { recursive: true, force: true }));

  it('holds every rule of every Compiled stylesheet in node_modules once, nested packages too, and nothing else', async () => {
    writeAtlaskitStylesheet(root);
    const css = await merged();
    expect(classesOf(css)).toEqual(new Set(['._a1hv', '._a2pl', '._b1cl', '._b2pd', '._b3wd', '._c1cl']));
    expect(css.match(/\._b1cl\{/g)).toHaveLength(1);
  });

  it('orders shorthands before longhands, base rules before pseudo-classes, and media queries last', async () => {
    writeAtlaskitStylesheet(root);
    const css = await merged();
    const at = (needle: string) => css.indexOf(needle);
    expect(at('._b2pd{padding:0}')).toBeLessThan(at('._a2pl{padding-left:4px}'));
    expect(at('._b1cl{color:red}')).toBeLessThan(at('._a1hv:hover'));
    expect(at('._a1hv:hover')).toBeLessThan(at('@media'));
  });

  it('rewrites the file only when a source changed', async () => {
    writeAtlaskitStylesheet(root);
    const target = path.join(root, ATLASKIT_STYLESHEET);
    const first = await stat(target);
    await new Promise((resolve) => setTimeout(resolve, 20));
    writeAtlaskitStylesheet(root);
    expect((await stat(target)).mtimeMs).toBe(first.mtimeMs);

    await writeSource('@atlaskit/c/dist/esm/d.compiled.css', '._d1cl{color:teal}\n');
    writeAtlaskitStylesheet(root);
    expect(classesOf(await merged())).toContain('._d1cl');
  });

  it("keeps every class of this project's installed Atlaskit", () => {
    const sources = readCompiledStylesheets(process.cwd());
    expect(sources.length).toBeGreaterThan(50);
    expect(classesOf(mergeAtlaskitStylesheets(sources))).toEqual(classesOf(sources.join('\n')));
  });
});
