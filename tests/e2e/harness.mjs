// A small test harness for the browser tests: serves dist/ under a sub-path on
// 127.0.0.1, launches Debian's Chromium through playwright-core with a fresh profile,
// records every request and every console error, and runs named tests in order.
import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const OUT = path.join(ROOT, 'test-output');
export const SUBPATH = '/sop/';

/** A TCP port free on 127.0.0.1 now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Serves ROOT/dist at http://127.0.0.1:PORT/sop/ (a static host's sub-path). */
export async function serveDist() {
  const dist = path.join(ROOT, 'dist');
  if (!fs.existsSync(path.join(dist, 'index.html'))) {
    throw new Error('dist/index.html is missing: build the app first (trunk build --release)');
  }
  return serveDirs({ [SUBPATH.replaceAll('/', '')]: dist });
}

/** Serves each directory of `mounts` ({ name: absolute dir }) at /name/ of one origin
 * on 127.0.0.1; `url` is the first mount's address; `mount(name, dir)` serves another
 * directory at /name/ from then on (a redeploy). */
export async function serveDirs(mounts) {
  const www = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-www-'));
  for (const [name, dir] of Object.entries(mounts)) fs.symlinkSync(dir, path.join(www, name));
  const port = await freePort();
  const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', www], { stdio: 'ignore' });
  const origin = `http://127.0.0.1:${port}`;
  const first = `/${Object.keys(mounts)[0]}/`;
  for (let i = 0; i < 100; i++) {
    try { const r = await fetch(origin + first); if (r.ok) break; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  const mount = (name, dir) => {
    const tmp = path.join(www, `.${name}.new`);
    fs.symlinkSync(dir, tmp);
    fs.renameSync(tmp, path.join(www, name));
  };
  return { origin, url: origin + first, mount, stop: () => server.kill() };
}

/** A fresh browser profile; `watch(page)` records requests and errors of a page.
 * `args`: more command-line switches for Chromium (e.g. a debugging port). */
export async function launch(profileDir, { args = [] } = {}) {
  const dir = profileDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'sop-profile-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 720 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', ...args],
  });
  return { context, dir };
}

export function watch(page, log) {
  page.on('request', (r) => log.requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error') log.errors.push('console: ' + m.text()); });
  page.on('pageerror', (e) => log.errors.push('pageerror: ' + e.message));
}

/** A new page of `context` at `url`, watched (requests, errors), once the workspace is
 * saved and, with `forecast` (the default), the statistical forecast is ready. */
export async function openPage(context, url, { forecast = true } = {}) {
  const page = await context.newPage();
  const log = newLog();
  watch(page, log);
  await page.goto(url);
  await page.waitForSelector('.save[data-state="saved"]', { timeout: 30000 });
  if (forecast) await page.waitForSelector('.forecast[data-state="ready"]', { timeout: 30000 });
  return { page, log };
}

/** Signs off a step of the meeting (the bar under the steps) as `name` (if this browser
 * has no name yet); resolves when the bar says who signed it off. */
export async function signOff(page, slug, name = 'Ada Lovelace') {
  await page.click(`nav.steps a[href="#/${slug}"]`);
  await page.waitForSelector(`section.step.${slug}`);
  if (await page.$('#signed-off')) return;
  if (!(await page.inputValue('#signer-name'))) await page.fill('#signer-name', name);
  await page.click('#sign-off');
  await page.waitForSelector('#signed-off');
}

/** Approves the open cycle: signs off data, demand, supply and finance (the status
 * follows to "Financial review"), then Approve in the Executive review, naming the
 * approver, and its confirmation; resolves when the top bar says "Approved". */
export async function approveCycle(page, name = 'Ada Lovelace') {
  for (const slug of ['data', 'demand', 'supply', 'finance']) await signOff(page, slug, name);
  await page.click('nav.steps a[href="#/executive"]');
  await page.waitForSelector('.topbar .cycle:has-text("Financial review")');
  await page.click('#approve');
  if (!(await page.inputValue('#approver-name'))) await page.fill('#approver-name', name);
  await page.click('#approve-confirm');
  await page.waitForSelector('.topbar .cycle:has-text("Approved")');
}

/** Resolves once the charts have drawn what the page last showed: a chart redraws in
 * the frame after the one that shows an edit's numbers (src/ui/chart.rs), so three
 * animation frames from now it has. Call before reading a chart's options. */
export async function chartsDrawn(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(() => r())))));
}

/** Downloads the Data step's CSV export (a zip of one CSV per table) and unpacks it into
 * OUT/<name>/ (emptied first); returns that folder. */
export async function exportCsv(page, name) {
  const [zip] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  const zipPath = path.join(OUT, name + '.zip');
  fs.mkdirSync(path.dirname(zipPath), { recursive: true });
  await zip.saveAs(zipPath);
  const dir = path.join(OUT, name);
  fs.rmSync(dir, { recursive: true, force: true });
  execFileSync('python3', ['-m', 'zipfile', '-e', zipPath, dir]);
  return dir;
}

/** Imports `files` in the Data step and checks that the import would change nothing
 * (e.g. the cycle's own export read back). */
export async function assertImportChangesNothing(page, files) {
  await page.setInputFiles('#import-files', files);
  await page.waitForSelector('#import-ready', { timeout: 30000 });
  const summary = await page.textContent('#import-ready .summary');
  assert(!/\b[1-9]\d* (added|removed|changed)/.test(summary), 're-importing the export changes nothing: ' + summary);
}

/** Exports a JSON backup from the workspace menu; returns the parsed backup and its path. */
export async function exportBackup(page) {
  await page.click('.workspace-menu .menu-button');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export-backup')]);
  const file = await dl.path();
  return { backup: JSON.parse(fs.readFileSync(file, 'utf8')), file };
}

export function newLog() { return { requests: [], errors: [] }; }

export function assert(cond, message) {
  if (!cond) throw new Error('assertion failed: ' + message);
}

export function assertOnlyOrigin(log, origin) {
  const foreign = log.requests.filter((u) => !u.startsWith(origin + '/') && !u.startsWith('data:') && !u.startsWith('blob:'));
  assert(foreign.length === 0, 'requests left the page origin: ' + foreign.join(', '));
  assert(log.requests.length > 0, 'no request was recorded at all');
}

export function assertNoErrors(log) {
  assert(log.errors.length === 0, 'console errors:\n' + log.errors.join('\n'));
}

/** Runs tests in order; prints one line each; exits non-zero if any failed. */
export async function run(tests) {
  fs.mkdirSync(OUT, { recursive: true });
  let failed = 0;
  // ONLY=<text>: run just the tests whose name contains it (e.g. to repeat one).
  if (process.env.ONLY) tests = tests.filter(([name]) => name.includes(process.env.ONLY));
  for (const [name, fn] of tests) {
    const t0 = Date.now();
    try {
      await fn();
      console.log(`ok   ${name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${name} (${Date.now() - t0} ms)\n     ${String(e.stack ?? e).split('\n').join('\n     ')}`);
    }
  }
  console.log(`${tests.length - failed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}
