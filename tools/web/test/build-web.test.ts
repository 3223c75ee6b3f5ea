// `npm start` builds the pages only when their sources changed: the hash it compares covers the
// sources, the page and the build's configuration, and nothing else.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WEB_APP_DIR, ensureWebBuild, sourceHash, webBuildIsCurrent, withBuildLock } from '../build-web';

describe('building the web pages', () => {
  it('hashes the sources: the same files give the same hash, any change to one another', () => {
    const copy = mkdtempSync(path.join(tmpdir(), 'web-src-'));
    for (const f of ['src', 'index.html', 'vite.config.ts', 'package.json', 'tsconfig.json'])
      cpSync(path.join(WEB_APP_DIR, f), path.join(copy, f), { recursive: true });
    const original = sourceHash(copy);
    expect(sourceHash(copy)).toBe(original);
    expect(original).toBe(sourceHash(WEB_APP_DIR));

    writeFileSync(path.join(copy, 'src', 'styles.css'), '/* changed */', { flag: 'a' });
    const afterStyle = sourceHash(copy);
    expect(afterStyle).not.toBe(original);
    writeFileSync(path.join(copy, 'src', 'new-file.ts'), 'export {};');
    const afterNewFile = sourceHash(copy);
    expect(afterNewFile).not.toBe(afterStyle);
    writeFileSync(path.join(copy, 'vite.config.ts'), '// changed', { flag: 'a' });
    expect(sourceHash(copy)).not.toBe(afterNewFile);
  });

  describe('the build lock', () => {
    const lock = path.join(WEB_APP_DIR, '.build-lock');
    const holdLock = (pid: string) => {
      mkdirSync(lock);
      writeFileSync(path.join(lock, 'pid'), pid);
    };

    it('is taken over when its holder has exited (npm start failing mid-build), not waited for', async () => {
      holdLock(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());
      expect(await withBuildLock(async () => existsSync(lock))).toBe(true);
      expect(existsSync(lock)).toBe(false);
    });

    it('is waited for while its holder lives, then taken', async () => {
      holdLock(String(process.pid));
      const order: string[] = [];
      const waiting = withBuildLock(async () => order.push('second build'));
      await new Promise((r) => setTimeout(r, 300));
      order.push('first build done');
      rmSync(lock, { recursive: true, force: true });
      await waiting;
      expect(order).toEqual(['first build done', 'second build']);
      expect(existsSync(lock)).toBe(false);
    });
  });

  it('leaves a current build alone', async () => {
    await ensureWebBuild();
    expect(webBuildIsCurrent()).toBe(true);
    expect(await ensureWebBuild()).toBe(false);
  }, 120_000);
});
