// A workspace handed to a client as one file (src/store/handover.rs, src/ui/handover.rs):
// saved as <name>.sop.html in one profile; opened from disk (file://) in a fresh profile,
// its button opens the app, the app takes the workspace from the page's message and asks
// before adding it as a new workspace — the same numbers as the original, and its backup
// equal to the original's but for id, name and export time. The same file restores
// through Workspace ▾ → Restore backup… or dropped on the page; a cut file and a page whose data is not a backup
// are refused with a message and nothing changes; a company named </script>… stays
// text in the file and in the app. A reason typed for one's last change of
// a demand cell is shown in its history, kept over a reload and listed by person.
import { serveDist, launch, openPage, watch, newLog, assert, assertOnlyOrigin, assertNoErrors, exportBackup, run, OUT } from './harness.mjs';
import { iAm } from './team-kit.mjs';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const server = await serveDist();
const openApp = (context, hash = '#/demand') => openPage(context, server.url + hash);
const SKU = 'EB-CITY-500';
const DIR = path.join(OUT, 'handover');
fs.mkdirSync(DIR, { recursive: true });

/** A backup without what differs between two copies of one workspace. */
const core = (b) => {
  const { id, name, exported_at, ...rest } = b;
  return JSON.stringify(rest);
};

let file; // the .sop.html saved by the first test
let original; // { waterfall, backup } of the workspace it holds

/** The workspace names in the workspace menu's list. */
const names = (page) => page.$$eval('#workspace-select option', (o) => o.map((x) => x.textContent));

await run([
  ['the demo saved as a file for a client opens the app in a fresh profile with the same numbers', async () => {
    const first = await launch();
    try {
      const { page, log } = await openApp(first.context);
      await page.click(`.tree button[data-sku="${SKU}"]`);
      const cell = page.locator('#waterfall tr.sales input.cell').first();
      await cell.fill('321');
      await cell.press('Enter');
      await page.waitForSelector('.save[data-state="saved"]');
      const waterfall = await page.textContent('#waterfall tbody');
      const { backup } = await exportBackup(page);
      original = { waterfall, backup };
      await page.click('.workspace-menu .menu-button');
      const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#save-handover')]);
      assert(dl.suggestedFilename() === 'Northwind Cycles (demo).sop.html', dl.suggestedFilename());
      file = path.join(DIR, dl.suggestedFilename());
      await dl.saveAs(file);
      const html = fs.readFileSync(file, 'utf8');
      assert(html.includes(`"origin":"${server.origin}"`), 'the page records the app origin');
      console.log(`     ${path.basename(file)}: ${html.length} bytes for a ${JSON.stringify(backup).length}-byte backup`);
      assertOnlyOrigin(log, server.origin);
      assertNoErrors(log);
    } finally { await first.context.close(); }

    const second = await launch(); // a second profile: empty storage
    try {
      const page = await second.context.newPage();
      const fileLog = newLog();
      watch(page, fileLog);
      await page.goto('file://' + file);
      assert((await page.textContent('#company')) === 'Northwind Cycles (demo)', 'the page names the company');
      assert((await page.textContent('#cycle')) === '2026-11', 'and the cycle');
      assert((await page.textContent('#app-url')) === server.url, 'and the app it came from: ' + await page.textContent('#app-url'));
      const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('#open')]);
      const log = newLog();
      watch(popup, log);
      // The app asks before adding anything.
      await popup.waitForSelector('#restore-dialog', { timeout: 30000 });
      const title = await popup.textContent('#restore-title');
      assert(title === 'Add workspace “Northwind Cycles (demo)” (30 products, cycle 2026-11)?', title);
      assert(!(await popup.$('#restore-replace')), 'no way to replace a stored workspace from a handover');
      await page.waitForSelector('#note:has-text("Sent")');
      await popup.click('#restore-as-new');
      await popup.waitForSelector('.save[data-state="saved"]');
      // The browser's own demo is kept; the new one is named apart.
      await popup.waitForFunction(() => document.querySelectorAll('#workspace-select option').length === 2);
      const list = await names(popup);
      assert(list.includes('Northwind Cycles (demo)') && list.includes('Northwind Cycles (demo) (2)'), list.join(' | '));
      assert((await popup.textContent('.topbar .workspace')).includes('Northwind Cycles (demo) (2)'), 'the new workspace is open');
      await popup.waitForSelector('.forecast[data-state="ready"]', { timeout: 30000 });
      await popup.click('nav.steps a[href="#/demand"]');
      await popup.click(`.tree button[data-sku="${SKU}"]`);
      await popup.waitForFunction(() => document.querySelector('#waterfall tr.sales input.cell')?.value === '321');
      assert((await popup.textContent('#waterfall tbody')) === original.waterfall, 'the same numbers as the original');
      const { backup } = await exportBackup(popup);
      assert(core(backup) === core(original.backup), 'the backup equals the original but for id, name and export time');
      assert(backup.id !== original.backup.id, 'a new id: ' + backup.id);
      assertOnlyOrigin(log, server.origin);
      assertNoErrors(log);
      assert(fileLog.requests.every((u) => u.startsWith('file://')), 'the file loads nothing: ' + fileLog.requests.join(', '));
      assertNoErrors(fileLog);
    } finally { await second.context.close(); }
  }],

  ['the same file restores through Workspace ▾ → Restore backup… or a drop; a cut file is refused', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openApp(context);
      await page.click('.workspace-menu .menu-button');
      await page.setInputFiles('#restore-backup', file);
      // The demo is stored under the same id here: the restore asks.
      await page.waitForSelector('#restore-dialog #restore-replaces');
      await page.click('#restore-as-new');
      await page.waitForSelector('.save[data-state="saved"]');
      await page.waitForFunction(() => document.querySelectorAll('#workspace-select option').length === 2);
      await page.waitForSelector('.forecast[data-state="ready"]', { timeout: 30000 });
      await page.click(`.tree button[data-sku="${SKU}"]`);
      await page.waitForFunction(() => document.querySelector('#waterfall tr.sales input.cell')?.value === '321');
      assert((await page.textContent('#waterfall tbody')) === original.waterfall, 'restored from the page: the same numbers');
      const before = await names(page);
      // Dropped on the page, or on the Data step's import panel, the file is offered as a
      // restore (not imported); Cancel changes nothing.
      const html0 = fs.readFileSync(file, 'utf8');
      const drop = (selector) => page.evaluate(([sel, text]) => {
        const dt = new DataTransfer();
        dt.items.add(new File([text], 'Northwind Cycles (demo).sop.html', { type: 'text/html' }));
        document.querySelector(sel).dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      }, [selector, html0]);
      await drop('main');
      await page.waitForSelector('#restore-dialog #restore-replaces');
      await page.click('#restore-cancel');
      await page.click('nav.steps a[href="#/data"]');
      await page.waitForSelector('#import-panel');
      await drop('#import-panel');
      await page.waitForSelector('#restore-dialog #restore-replaces');
      assert(!(await page.$('#import-ready')), 'not taken as an import');
      await page.click('#restore-cancel');
      assert(JSON.stringify(await names(page)) === JSON.stringify(before), 'cancel changes nothing');
      // Cut in the middle of its data.
      const html = fs.readFileSync(file, 'utf8');
      const cut = path.join(DIR, 'cut.sop.html');
      fs.writeFileSync(cut, html.slice(0, html.indexOf('sop-workspace') + 3000));
      await page.click('.workspace-menu .menu-button');
      await page.setInputFiles('#restore-backup', cut);
      await page.waitForSelector('.banner.error');
      const msg = await page.textContent('.banner.error');
      assert(msg.includes('cut.sop.html') && msg.includes('cut short') && msg.includes('Nothing was changed'), msg);
      assert(!(await page.$('#restore-dialog')), 'no offer');
      assert(JSON.stringify(await names(page)) === JSON.stringify(before), 'workspaces unchanged');
      assertOnlyOrigin(log, server.origin);
      assertNoErrors(log);
    } finally { await context.close(); }
  }],

  ['a page whose data is not a backup: the app opened by it says so and adds nothing', async () => {
    const html = fs.readFileSync(file, 'utf8');
    const re = /(<script type="application\/json" id="sop-workspace" data-format="1">)\s*([A-Za-z0-9+/=]+)\s*(<\/script>)/;
    assert(re.test(html), 'the payload is where the strict pattern expects it');
    const fake = zlib.deflateRawSync(Buffer.from('{"hello": 1}')).toString('base64');
    const bad = path.join(DIR, 'not-a-backup.sop.html');
    fs.writeFileSync(bad, html.replace(re, `$1\n${fake}\n$3`));
    const { context } = await launch();
    try {
      const page = await context.newPage();
      await page.goto('file://' + bad);
      const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('#open')]);
      const log = newLog();
      watch(popup, log);
      await popup.waitForSelector('.banner.error', { timeout: 30000 });
      const msg = await popup.textContent('.banner.error');
      assert(msg.includes('not a planner backup') && msg.includes('Nothing was changed'), msg);
      assert(!(await popup.$('#restore-dialog')), 'no offer');
      assert((await names(popup)).length === 1, 'only the browser\'s own workspace');
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],

  ['a company named </script><script>alert(1)</script> stays text in the file and in the app', async () => {
    const NAME = '</script><script>alert(1)</script>';
    const { context } = await launch();
    try {
      const { page, log } = await openApp(context);
      let alerts = 0;
      context.on('page', (p) => p.on('dialog', (d) => { alerts++; d.dismiss(); }));
      page.on('dialog', (d) => { alerts++; d.dismiss(); });
      await page.click('.workspace-menu .menu-button');
      await page.fill('#rename-workspace-name', NAME);
      await page.click('#rename-workspace');
      await page.waitForSelector('.save[data-state="saved"]');
      await page.click('.workspace-menu .menu-button');
      const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#save-handover')]);
      assert(dl.suggestedFilename() === '--script--script-alert(1)--script-.sop.html', dl.suggestedFilename());
      const hostile = path.join(DIR, dl.suggestedFilename());
      await dl.saveAs(hostile);
      const filePage = await context.newPage();
      await filePage.goto('file://' + hostile);
      assert((await filePage.textContent('#company')) === NAME, 'the name shown as text');
      assert((await filePage.$$eval('script', (s) => s.length)) === 3, 'only the page\'s own three scripts');
      const [popup] = await Promise.all([filePage.waitForEvent('popup'), filePage.click('#open')]);
      await popup.waitForSelector('#restore-dialog', { timeout: 30000 });
      assert((await popup.textContent('#restore-title')).includes(`“${NAME}”`), await popup.textContent('#restore-title'));
      await popup.click('#restore-as-new');
      await popup.waitForSelector('.save[data-state="saved"]');
      await popup.waitForFunction((n) => [...document.querySelectorAll('#workspace-select option')].some((o) => o.textContent === n + ' (2)'), NAME);
      assert(alerts === 0, 'no script of the name ran');
      assertOnlyOrigin(log, server.origin);
      assertNoErrors(log);
    } finally { await context.close(); }
  }],

  ['a reason typed for one\'s last change is in the cell history, kept over a reload, listed by person', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openApp(context);
      await page.setViewportSize({ width: 1024, height: 768 });
      await iAm(page, 'Nora Quist', 'Sales');
      await page.click('#team-button');
      await page.click('.tree button[data-sku="KB-16"]');
      const SALES = '#waterfall-2-7';
      await page.waitForSelector(SALES);
      await page.click(SALES);
      await page.keyboard.type('777');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#waterfall td.noted #waterfall-2-7');
      await page.focus(SALES);
      await page.keyboard.press('Alt+h');
      await page.waitForSelector('#notes-reason');
      assert((await page.textContent('label[for="notes-reason"]')).includes('→ 777'), await page.textContent('label[for="notes-reason"]'));
      // A line break cannot be typed in the field; an over-long reason is cut by maxlength.
      assert((await page.getAttribute('#notes-reason', 'maxlength')) === '200', 'maxlength 200');
      await page.fill('#notes-reason', 'Trade fair <b>in</b> March');
      await page.click('#notes-reason-save');
      await page.waitForSelector('#notes-history li .n-reason');
      assert((await page.textContent('#notes-history li .n-reason')) === 'Trade fair <b>in</b> March', 'reason shown as text');
      assert(!(await page.$('#notes-history b')), 'no markup');
      // The panel with the reason form keeps a 1024 px page without sideways scroll.
      const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      assert(sw <= cw, `the page scrolls sideways (${sw} px in ${cw} px)`);
      await page.screenshot({ path: path.join(OUT, 'handover-reason-1024.png') });
      // Undo takes the reason away, redo brings it back.
      await page.click('#notes-close');
      await page.click('#demand-title');
      await page.keyboard.press('Control+z');
      await page.focus(SALES);
      await page.keyboard.press('Alt+h');
      await page.waitForSelector('#notes-history li');
      assert(!(await page.$('#notes-history li .n-reason')), 'undone');
      await page.click('#notes-close');
      await page.click('#demand-title');
      await page.keyboard.press('Control+y');
      await page.focus(SALES);
      await page.keyboard.press('Alt+h');
      await page.waitForSelector('#notes-history li .n-reason');
      await page.click('#notes-close');

      await page.waitForSelector('.save[data-state="saved"]');
      await page.reload();
      await page.waitForSelector('.save[data-state="saved"]', { timeout: 30000 });
      await page.click('.tree button[data-sku="KB-16"]');
      await page.waitForSelector('#waterfall td.noted #waterfall-2-7');
      await page.click(SALES);
      await page.click('#cell-notes');
      await page.waitForSelector('#notes-history li .n-reason');
      assert((await page.textContent('#notes-history li .n-reason')) === 'Trade fair <b>in</b> March', 'reason after reload');
      await page.click('#notes-close');
      await page.click('nav.steps a[href="#/executive"]');
      const row = '#by-person tr[data-person="Nora Quist"]';
      await page.waitForSelector(row);
      const cells = await page.textContent(`${row} .cells`);
      assert(cells.includes('KB-16 Sales') && cells.includes('“Trade fair <b>in</b> March”'), cells);
      assertOnlyOrigin(log, server.origin);
      assertNoErrors(log);
    } finally { await context.close(); }
  }],
]);

server.stop();
