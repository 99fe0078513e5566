// End-to-end: team work by change files, two browser profiles. Sales shares the cycle,
// Operations joins; Sales edits the demand, Operations the supply; each sends a change
// file and merges the other's → both hold the same cycle (compared in their JSON
// backups). Merging a file twice changes nothing; a truncated file is refused with a
// clear message and changes nothing; both typing in one cell → each sees a conflict
// naming the other, and "keep theirs" takes the other's value.
import { serveDist, launch, openPage, assert, assertOnlyOrigin, assertNoErrors, run } from './harness.mjs';
import { iAm, merge, send as sendTo, status, statusText, typeCell, cycleOf } from './team-kit.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const server = await serveDist();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-team-'));
const cell = (r, c) => `#waterfall-${r}-${c}`;
const num = (s) => Number(String(s).replace(/−/g, '-').replace(/,/g, ''));

const send = (page, name, everything = false) => sendTo(page, tmp, name, everything);

await run([
  ['two people: send, merge, same numbers; twice → unchanged; truncated → refused; same cell → conflict, keep theirs', async () => {
    const a = await launch();
    const b = await launch();
    try {
      const sales = await openPage(a.context, server.url + '#/demand');
      const ops = await openPage(b.context, server.url + '#/supply');
      // The team worker (automerge) is not loaded before a team feature is used.
      assert(!sales.log.requests.some((u) => u.includes('team-worker')), 'no team worker on a first visit');
      await iAm(sales.page, 'Ana', 'Sales');
      await iAm(ops.page, 'Ben', 'Operations');
      const shared = await send(sales.page, 'shared', true);
      assert(sales.log.requests.some((u) => u.endsWith('team-worker_bg.wasm')), 'the team worker loads on first use');
      await merge(ops.page, shared, /Joined/);

      // Sales edits the demand of KB-16; Operations the production of EB-CITY-500.
      await sales.page.click('.tree button[data-sku="KB-16"]');
      await typeCell(sales.page, cell(2, 6), '500');
      await ops.page.click('.tree button[data-sku="EB-CITY-500"]');
      await ops.page.waitForSelector('h1 .sel-title:text("EB-CITY-500")');
      await typeCell(ops.page, '#supply-grid-1-4', '800');
      await ops.page.waitForSelector('#supply-grid td.override #supply-grid-1-4', { timeout: 5000 });

      const f1 = await send(sales.page, 'sales-1');
      const f2 = await send(ops.page, 'ops-1');
      const m1 = await merge(ops.page, f1, /Merged|Nothing/);
      assert(/Merged 1 change\(s\) from Ana \(Sales\) \(sales-1/.test(m1), m1);
      const m2 = await merge(sales.page, f2, /Merged|Nothing/);
      assert(/Ben \(Operations\)/.test(m2), m2);
      const cs = await cycleOf(sales.page);
      const co = await cycleOf(ops.page);
      assert(cs === co, 'both browsers hold the same cycle after merging');
      assert(cs.includes('"units":800'), 'the override arrived at Sales');
      // Merged twice: nothing new, nothing changed.
      const again = await merge(ops.page, f1, /Merged|Nothing/);
      assert(/nothing new/.test(again), again);
      assert(await cycleOf(ops.page) === co, 'merging twice changes nothing');
      // The replica is kept in IndexedDB (settings store, team/<workspace>/<cycle>),
      // not in localStorage (≈ 5 MB per origin).
      const kept = await ops.page.evaluate(() => new Promise((resolve, reject) => {
        const open = indexedDB.open('sop-planner');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('settings').objectStore('settings').getAllKeys();
          req.onsuccess = () => resolve({
            idb: req.result.filter((k) => String(k).startsWith('team/')),
            local: Object.keys(localStorage).filter((k) => k.startsWith('sop-team:')),
          });
          req.onerror = () => reject(req.error);
        };
      }));
      assert(kept.idb.length === 1 && kept.local.length === 0, 'replica in IndexedDB: ' + JSON.stringify(kept));
      // Truncated: refused, nothing changed.
      const bytes = fs.readFileSync(f1);
      const cut = path.join(tmp, 'cut.sopchanges');
      fs.writeFileSync(cut, bytes.subarray(0, bytes.length - 10));
      const refused = await merge(ops.page, cut, /Nothing was changed|Merged/);
      assert(/Nothing was changed: the change file is cut short/.test(refused), refused);
      assert(await cycleOf(ops.page) === co, 'a truncated file changes nothing');

      // Both type in the same cell (KB-16, second plan month) at once.
      await ops.page.goto(server.url + '#/demand');
      await ops.page.waitForSelector('#waterfall');
      await ops.page.click('.tree button[data-sku="KB-16"]');
      await typeCell(sales.page, cell(2, 7), '111');
      await typeCell(ops.page, cell(2, 7), '222');
      const f3 = await send(sales.page, 'sales-2');
      const f4 = await send(ops.page, 'ops-2');
      await merge(ops.page, f3, /Merged/);
      await merge(sales.page, f4, /Merged/);
      for (const [p, other] of [[sales.page, 'Ben (Operations)'], [ops.page, 'Ana (Sales)']]) {
        await p.waitForSelector('#team-conflicts');
        const text = await p.textContent('#team-conflicts');
        assert(text.includes(other) && text.includes('KB-16'), 'the conflict names the other person: ' + text);
        // Both values (the cell's sales adjustments: typed 111 and 222 over one baseline).
        const mine = Number(text.match(/you set (-?[\d.]+)/)[1]);
        const theirs = Number(text.match(new RegExp(other.replace(/[()]/g, '\\$&') + ': (-?[\\d.]+)'))[1]);
        assert(Math.abs(Math.abs(mine - theirs) - 111) < 1e-6, 'both values shown: ' + text);
      }
      const beforeKeep = await statusText(sales.page);
      await sales.page.click('#team-conflicts .keep-theirs');
      await status(sales.page, /Kept/, beforeKeep);
      await sales.page.waitForFunction((id) => Number(document.querySelector(id).value.replace(/,/g, '')) === 222, cell(2, 7));
      assert(!(await sales.page.$('#team-conflicts')), 'the conflict is gone for Sales');
      const f5 = await send(sales.page, 'sales-3');
      const m5 = await merge(ops.page, f5, /Merged|Nothing/);
      assert(/Merged/.test(m5), m5);
      assert(await cycleOf(sales.page) === await cycleOf(ops.page), 'the same cycle after keep theirs');
      assert(num(await ops.page.inputValue(cell(2, 7))) === 222, 'Operations shows the kept value');
      for (const s of [sales, ops]) {
        assertOnlyOrigin(s.log, server.origin);
        assertNoErrors(s.log);
      }
    } finally {
      await a.context.close();
      await b.context.close();
    }
  }],
  ['each role opens the app on its own step; a link to another step still opens that step', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openPage(context, server.url + '#/data');
      await iAm(page, 'Olga', 'Operations');
      for (const [role, step] of [['Operations', 'supply'], ['Finance', 'finance'], ['Marketing', 'demand'], ['Facilitator', 'overview']]) {
        // The person as the Team panel keeps it in this browser.
        await page.evaluate((r) => localStorage.setItem('sop-team-person', JSON.stringify({ name: 'Olga', role: r })), role);
        await page.goto(server.url);
        await page.waitForSelector(`section.step.${step}`, { timeout: 30000 });
        const hash = await page.evaluate(() => location.hash);
        assert(hash === `#/${step}`, `${role}: ${hash}`);
      }
      await page.goto(server.url + '#/executive');
      await page.waitForSelector('section.step.executive', { timeout: 30000 });
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],
]);
server.stop();
