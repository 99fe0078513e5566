// End-to-end: live sync through the real sync server (@automerge/automerge-repo-sync-server,
// started on loopback under the app's own origin at /sync, see syncserver.mjs). Four browser
// profiles: Sales shares the cycle, Operations, Finance and the Executive join from the
// file; each turns on Live sync. Sales, Operations and Finance each type a different
// number at the same time → all three show all three numbers within 2 s, and their JSON
// backups hold the same cycle. Operations goes offline, edits, comes back → merged, nothing
// lost. Sales and Finance set the same cell while Finance is offline → both see the conflict
// notice naming the other. The executive approves while Operations is offline → Sales's
// cells lock; Operations' edit made offline is refused on reconnecting (listed as rejected).
import { launch, openPage, approveCycle, assert, assertOnlyOrigin, assertNoErrors, run } from './harness.mjs';
import { serveDistWithSync } from './syncserver.mjs';
import { iAm, merge, send, typeCell, cycleOf, panel } from './team-kit.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const server = await serveDistWithSync();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-sync-test-'));
const cell = (r, c) => `#waterfall-${r}-${c}`;
const num = (s) => Number(String(s).replace(/−/g, '-').replace(/,/g, ''));

const shareFile = (page) => send(page, tmp, 'shared', true);
const join = (page, file) => merge(page, file, /Joined/);

async function goLive(page) {
  await panel(page);
  await page.check('#team-live');
  await page.waitForSelector('#live-status[data-state="connected"]', { timeout: 15000 });
  await page.click('#team-button'); // close the panel
}

/** Resolves when `page` shows every cell of `want` ({ id: value }). */
function shows(page, want, timeout = 10000) {
  return page.waitForFunction((want) => Object.entries(want).every(([id, v]) => {
    const el = document.querySelector(id);
    return el && Number(el.value.replace(/,/g, '')) === v;
  }), want, { timeout, polling: 'raf' });
}

await run([
  ['live sync: three edit at once → same numbers within 2 s; offline edits merge; same cell → conflict; approval refuses the next edit', async () => {
    const browsers = [await launch(), await launch(), await launch(), await launch()];
    try {
      const [sales, ops, fin, exec] = await Promise.all(browsers.map((b) => openPage(b.context, server.url + '#/demand')));
      await iAm(sales.page, 'Ana', 'Sales');
      await iAm(ops.page, 'Ben', 'Operations');
      await iAm(fin.page, 'Cy', 'Finance');
      await iAm(exec.page, 'Eve', 'Executive');
      const shared = await shareFile(sales.page);
      for (const p of [ops, fin, exec]) await join(p.page, shared);
      for (const p of [sales, ops, fin, exec]) await goLive(p.page);
      const people = [sales, ops, fin];
      for (const p of people) {
        await p.page.click('.tree button[data-sku="KB-16"]');
        await p.page.waitForSelector(cell(2, 6));
      }

      // At the same time, three different numbers (KB-16, months 6, 7, 8).
      const want = { [cell(2, 6)]: 500, [cell(2, 7)]: 600, [cell(2, 8)]: 700 };
      await Promise.all(people.map((p, i) => typeCell(p.page, cell(2, 6 + i), String(500 + 100 * i))));
      const t0 = Date.now();
      await Promise.all(people.map((p) => shows(p.page, want)));
      const took = Date.now() - t0;
      console.log(`     all three show all three numbers ${took} ms after the edits`);
      assert(took < 2000, `synced within 2 s (took ${took} ms)`);
      const same = await cycleOf(sales.page);
      assert(await cycleOf(ops.page) === same && await cycleOf(fin.page) === same, 'the three backups hold the same cycle');

      // Operations goes offline and edits; Sales edits meanwhile; Operations comes back.
      await browsers[1].context.setOffline(true);
      await ops.page.waitForSelector('#live-status[data-state="offline"]', { timeout: 15000 });
      await typeCell(ops.page, cell(2, 9), '800');
      await ops.page.waitForSelector('#live-status[data-waiting="1"]', { timeout: 5000 });
      await typeCell(sales.page, cell(2, 10), '900');
      const both = { ...want, [cell(2, 9)]: 800, [cell(2, 10)]: 900 };
      await shows(sales.page, { [cell(2, 10)]: 900 });
      await browsers[1].context.setOffline(false);
      await Promise.all(people.map((p) => shows(p.page, both, 20000)));
      await ops.page.waitForSelector('#live-status[data-state="connected"][data-waiting="0"]', { timeout: 15000 });
      const merged = await cycleOf(ops.page);
      assert(await cycleOf(sales.page) === merged && await cycleOf(fin.page) === merged, 'nothing lost: the same cycle everywhere after the offline edit');

      // Sales and Finance set the same cell while Finance is offline: a conflict.
      await browsers[2].context.setOffline(true);
      await fin.page.waitForSelector('#live-status[data-state="offline"]', { timeout: 15000 });
      await typeCell(sales.page, cell(2, 11), '111');
      await typeCell(fin.page, cell(2, 11), '222');
      await browsers[2].context.setOffline(false);
      for (const [p, other] of [[sales.page, 'Cy (Finance)'], [fin.page, 'Ana (Sales)']]) {
        await p.waitForSelector('#team-conflicts', { timeout: 20000 });
        const text = await p.textContent('#team-conflicts');
        assert(text.includes(other) && text.includes('KB-16'), 'the conflict names the other person: ' + text);
      }

      // Operations goes offline; the executive approves. Once the approval arrived the
      // cells are locked for Sales; Operations' edit made offline against the approved
      // cycle is refused when it comes back: listed as rejected, the approved number shown.
      const approvedValue = num(await ops.page.inputValue(cell(2, 12)));
      await browsers[1].context.setOffline(true);
      await ops.page.waitForSelector('#live-status[data-state="offline"]', { timeout: 15000 });
      await approveCycle(exec.page, 'Eve');
      await sales.page.waitForSelector('.topbar .cycle:has-text("Approved")', { timeout: 20000 });
      assert(await sales.page.isDisabled(cell(2, 12)), 'Sales can no longer edit the approved cycle');
      await typeCell(ops.page, cell(2, 12), String(approvedValue + 50));
      await browsers[1].context.setOffline(false);
      await ops.page.waitForSelector('.topbar .cycle:has-text("Approved")', { timeout: 20000 });
      await ops.page.waitForSelector('.team-rejected:has-text("Ben (Operations)")', { timeout: 20000 });
      const refused = await ops.page.textContent('.team-rejected');
      assert(/approved/.test(refused) && /not applied/.test(refused), 'a clear message: ' + refused);
      assert(num(await ops.page.inputValue(cell(2, 12))) === approvedValue, 'the approved number stays');
      await sales.page.waitForSelector('.team-rejected:has-text("Ben (Operations)")', { timeout: 20000 });
      for (const p of [sales, ops, fin, exec]) {
        assertOnlyOrigin(p.log, server.origin);
        assertNoErrors(p.log);
      }
    } finally {
      for (const b of browsers) await b.context.close();
    }
  }],
]);
server.stop();
