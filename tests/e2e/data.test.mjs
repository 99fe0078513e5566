// End-to-end: the Data step — master data edited in place, import checked as a whole
// and applied all or nothing, templates and exports.
import { serveDist, launch, openPage, exportCsv, assertImportChangesNothing, assert, assertOnlyOrigin, assertNoErrors, run, OUT } from './harness.mjs';
import path from 'node:path';
import fs from 'node:fs';

const server = await serveDist();

const openData = (context) => openPage(context, server.url + '#/data');

function write(name, text) {
  const p = path.join(OUT, 'import', name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
}

await run([
  ['a product price edited in the table is kept across a reload; a negative one is explained', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openData(context);
      const price = page.locator('#table-products tr[data-id="KB-16"] input[aria-label="Price of KB-16"]');
      await price.fill('-5');
      await price.press('Enter');
      const msg = await page.textContent('#table-products .problem');
      assert(msg.includes('KB-16') && msg.includes('must be a number ≥ 0') && msg.includes("'-5'") && msg.includes('Nothing was changed'), msg);
      await price.fill('299.90');
      await price.press('Enter');
      await page.waitForSelector('.save[data-state="saved"]');
      await page.reload();
      await page.waitForSelector('.save[data-state="saved"]', { timeout: 30000 });
      const kept = await page.inputValue('#table-products tr[data-id="KB-16"] input[aria-label="Price of KB-16"]');
      assert(kept === '299.90', 'price kept: ' + kept);
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],

  ['an import with one bad row is refused with file, row and column, nothing changes; fixed, it applies', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openData(context);
      const before = await page.inputValue('#table-resources tr[data-id="ASSY"] input[aria-label="Regular hours / month of ASSY"]');
      // European spreadsheet habits: ';' separator, decimal comma, header in another order.
      const bad = write('resources.csv',
        'Name;ID;Cost per hour;Regular hours;Overtime hours;Overtime premium;Crew\n' +
        'Frame welding;WELD;48,00;1.900;280;24;1\n' +
        'Paint shop;PAINT;42,00;abc;180;21;0,5\n' +
        'Assembly line;ASSY;38,00;4.000;600;19;1\n' +
        'Wheel building;WHEEL;36,00;950;140;18;1\n');
      await page.setInputFiles('#import-files', bad);
      await page.waitForSelector('#import-errors li', { timeout: 30000 });
      const errs = await page.$$eval('#import-errors li', (li) => li.map((x) => x.textContent));
      assert(errs.length === 1, 'one problem: ' + errs.join(' | '));
      assert(errs[0].includes('resources.csv') && errs[0].includes('row 3') && errs[0].toLowerCase().includes('regular'), errs[0]);
      const unchanged = await page.inputValue('#table-resources tr[data-id="ASSY"] input[aria-label="Regular hours / month of ASSY"]');
      assert(unchanged === before, 'nothing imported');
      await page.screenshot({ path: path.join(OUT, 'import-error.png') });

      const good = write('resources.csv', fs.readFileSync(bad, 'utf8').replace(';abc;', ';1.250;'));
      await page.setInputFiles('#import-files', good);
      await page.waitForSelector('#import-ready', { timeout: 30000 });
      await page.click('#import-apply');
      await page.waitForSelector('.save[data-state="saved"]');
      const after = await page.inputValue('#table-resources tr[data-id="ASSY"] input[aria-label="Regular hours / month of ASSY"]');
      assert(after === '4000', 'ASSY regular hours imported as 4000 (thousands separator): ' + after);
      const paint = await page.inputValue('#table-resources tr[data-id="PAINT"] input[aria-label="Crew (operators per hour) of PAINT"]');
      assert(paint === '0.5', 'decimal comma read: ' + paint);
      // One undo step takes the whole import back.
      await page.click('.topbar button.undo');
      await page.waitForSelector('.save[data-state="saved"]');
      const undone = await page.inputValue('#table-resources tr[data-id="ASSY"] input[aria-label="Regular hours / month of ASSY"]');
      assert(undone === before, 'undo restores the resources: ' + undone);
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],

  ['templates and exports download; the exported CSVs import back unchanged', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openData(context);
      const [tpl] = await Promise.all([page.waitForEvent('download'), page.click('#template-xlsx')]);
      const tplPath = path.join(OUT, 'template.xlsx');
      await tpl.saveAs(tplPath);
      assert(fs.readFileSync(tplPath).subarray(0, 2).toString() === 'PK', 'template is an XLSX (zip)');
      const [wb] = await Promise.all([page.waitForEvent('download'), page.click('#export-xlsx')]);
      const wbPath = path.join(OUT, 'plan.xlsx');
      await wb.saveAs(wbPath);
      assert(fs.statSync(wbPath).size > 20000, 'plan workbook has content');
      const dir = await exportCsv(page, 'export/csv');
      const files = fs.readdirSync(dir).map((f) => path.join(dir, f));
      assert(files.length === 15, 'one CSV per table in the zip: ' + files.length);
      await assertImportChangesNothing(page, files);
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],
  ['routings, pipeline and budget are edited in place through the importer\'s checks: an edit kept across a reload, a bad value refused naming its row, a deleted deal undone', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openData(context);
      const open = async (slug) => {
        await page.click(`#table-${slug} > summary`);
        await page.waitForSelector(`#table-${slug} tbody tr[data-row]`, { timeout: 30000 });
      };
      await open('routings');
      const hours = page.locator('#table-routings tr[data-row="0"] td:nth-child(3) input');
      const label = await hours.getAttribute('aria-label');
      assert(label.startsWith('hours_per_unit of row 1'), label);
      await hours.fill('0.75');
      await hours.press('Enter');
      await page.waitForFunction(() => document.querySelector('.save')?.dataset.state === 'saved');
      await page.reload();
      await page.waitForSelector('.save[data-state="saved"]', { timeout: 30000 });
      await open('routings');
      assert(await hours.inputValue() === '0.75', 'kept: ' + await hours.inputValue());
      await hours.fill('-1');
      await hours.press('Enter');
      await page.waitForSelector('#table-routings [role="alert"] li', { timeout: 30000 });
      const msg = await page.textContent('#table-routings [role="alert"]');
      assert(msg.includes('row 2') && msg.includes('routings.csv'), msg);
      await page.waitForFunction(() => document.querySelector('#table-routings tr[data-row="0"] td:nth-child(3) input').value === '0.75');
      await open('pipeline');
      const deals = () => page.$$eval('#table-pipeline tbody tr[data-row]', (t) => t.length);
      const n = await deals();
      assert(n > 1, 'deals: ' + n);
      await page.click('#table-pipeline tr[data-row="0"] .delete-row');
      await page.waitForFunction((k) => document.querySelectorAll('#table-pipeline tbody tr[data-row]').length === k, n - 1, { timeout: 30000 });
      await page.click('.undo');
      await page.waitForFunction((k) => document.querySelectorAll('#table-pipeline tbody tr[data-row]').length === k, n, { timeout: 30000 });
      await open('budget');
      const rev = page.locator('#table-budget tr[data-row="0"] td:nth-child(2) input');
      await rev.fill('123,456.78');
      await rev.press('Enter');
      await page.waitForFunction(() => document.querySelector('#table-budget tr[data-row="0"] td:nth-child(2) input').value === '123456.78', null, { timeout: 30000 });
      await page.screenshot({ path: path.join(OUT, 'data-sheet-tables.png'), fullPage: true });
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],
  ['an in-place edit still being checked by the import worker: "saving…", and closing the page asks first; once applied it is kept', async () => {
    const { context } = await launch();
    try {
      // Holds the routings edit's message to the I/O worker until the test lets it go,
      // so that the page is closed while the edit is still being checked.
      await context.addInitScript(() => {
        const post = Worker.prototype.postMessage;
        Worker.prototype.postMessage = function (m, ...rest) {
          if (m && m.op === 'edit_table' && window.__holdEdits) {
            window.__release = () => post.call(this, m, ...rest);
            return;
          }
          return post.call(this, m, ...rest);
        };
      });
      const { page, log } = await openData(context);
      await page.click('#table-routings > summary');
      await page.waitForSelector('#table-routings tbody tr[data-row]', { timeout: 30000 });
      const hours = page.locator('#table-routings tr[data-row="0"] td:nth-child(3) input');
      await page.evaluate(() => { window.__holdEdits = true; });
      await hours.fill('0.8');
      await hours.press('Enter');
      await page.waitForFunction(() => typeof window.__release === 'function');
      assert(await page.getAttribute('.save', 'data-state') === 'pending', 'indicator while checked');
      const asked = [];
      page.on('dialog', (d) => { asked.push(d.type()); d.dismiss(); });
      await page.close({ runBeforeUnload: true });
      await new Promise((r) => setTimeout(r, 500));
      assert(asked.join() === 'beforeunload', 'asked before closing: ' + asked.join());
      assert(!page.isClosed(), 'the page stayed open');
      await page.evaluate(() => { window.__holdEdits = false; window.__release(); });
      await page.waitForSelector('.save[data-state="saved"]', { timeout: 30000 });
      await page.close({ runBeforeUnload: true });
      await new Promise((r) => setTimeout(r, 500));
      assert(asked.length === 1 && page.isClosed(), 'closed without asking once applied: ' + asked.join());
      const again = await openData(context);
      await again.page.click('#table-routings > summary');
      await again.page.waitForSelector('#table-routings tbody tr[data-row]', { timeout: 30000 });
      const kept = await again.page.locator('#table-routings tr[data-row="0"] td:nth-child(3) input').inputValue();
      assert(kept === '0.8', 'kept: ' + kept);
      assertNoErrors(log);
      assertNoErrors(again.log);
    } finally { await context.close(); }
  }],
]);

server.stop();
