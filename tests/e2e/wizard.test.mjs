// End-to-end: the "company from files" wizard of the Data step — files dropped at once,
// each shown with the table recognised, its column mapping and its problems by row and
// column before anything is applied; fixed, the import applies all or nothing through
// the one importer, and the deals' stages read from the file show in the demand review.
import { serveDist, launch, openPage, assert, assertOnlyOrigin, assertNoErrors, run, OUT } from './harness.mjs';
import path from 'node:path';

const server = await serveDist();

const DEALS = 'Deal ID,Article,Close month,Qty,Chance,Account,Phase,Owner\n' +
  '1,EB-CITY-500,2027-03,120,40%,Hotel chain,Negotiation,Kim\n' +
  '2,KB-20,2027-02,90,50%,School programme,proposal,Lee\n';

/** Drops `files` ({ name: text }) on the import panel, as from the desktop. */
async function drop(page, files) {
  const dt = await page.evaluateHandle((fs) => {
    const dt = new DataTransfer();
    for (const [name, text] of Object.entries(fs)) dt.items.add(new File([text], name, { type: 'text/csv' }));
    return dt;
  }, files);
  await page.dispatchEvent('#import-panel', 'drop', { dataTransfer: dt });
}

const reports = (page) => page.$$eval('#file-reports > li', (lis) => lis.map((li) => ({
  file: li.dataset.file,
  table: li.dataset.table,
  heading: li.querySelector('h3').textContent,
  quality: li.querySelector('.quality').textContent,
  mapping: [...li.querySelectorAll('table.mapping tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent)),
  warn: li.querySelector('.warn')?.textContent ?? '',
  problems: [...li.querySelectorAll('ul.problems li')].map((x) => x.textContent),
})));

await run([
  ['dropped files: table, column mapping and problems per file before applying; fixed, they apply', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openPage(context, server.url + '#/data');
      await page.setViewportSize({ width: 1024, height: 768 });
      const bad = DEALS.replace('90,50%', '-5,50%');
      await drop(page, { 'crm export.csv': bad, 'notes.csv': 'what,ever\n1,2\n' });
      await page.waitForSelector('#file-reports > li', { timeout: 30000 });
      await page.waitForSelector('#import-errors li');
      let r = await reports(page);
      assert(r.length === 2, 'a report per dropped file: ' + JSON.stringify(r));
      assert(r[0].table === 'pipeline' && r[0].heading.includes('Pipeline'), r[0].heading);
      const mapped = Object.fromEntries(r[0].mapping);
      assert(mapped.Qty === 'units' && mapped.Phase === 'stage' && mapped.Chance === 'probability' && mapped.Article === 'sku', JSON.stringify(mapped));
      assert(r[0].warn.includes("'Owner'"), 'the ignored column is named: ' + r[0].warn);
      assert(r[0].quality === '2 rows, 1 problem(s)', r[0].quality);
      assert(r[0].problems.length === 1 && r[0].problems[0].startsWith("row 3, column 'Qty'"), r[0].problems.join(' | '));
      assert(r[1].table === '' && r[1].heading.includes('not recognised') && r[1].problems.length === 1, JSON.stringify(r[1]));
      assert(!(await page.$('#import-ready')), 'nothing to apply while a file has problems');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert(overflow <= 0, `no sideways scroll at 1024 px: ${overflow}px`);
      await page.locator('#import-panel').screenshot({ path: path.join(OUT, 'wizard-report.png') });

      await drop(page, { 'crm export.csv': DEALS });
      await page.waitForSelector('#import-ready', { timeout: 30000 });
      r = await reports(page);
      assert(r.length === 1 && r[0].quality === '2 rows, no problems', JSON.stringify(r));
      // The demo's ten deals are replaced by the file's two: said, and confirmed.
      const removals = await page.textContent('#import-removals');
      assert(removals.includes('Pipeline: 8 of 10 rows removed'), removals);
      await page.check('#import-confirm-removal');
      await page.click('#import-apply');
      await page.waitForSelector('.save[data-state="saved"]');
      assert(!(await page.$('#file-reports > li')), 'the report closes once applied');
      // The demand review shows the imported deal with its stage.
      await page.click('nav.steps a[href="#/demand"]');
      await page.click('.tree button[data-sku="EB-CITY-500"]');
      await page.waitForSelector('#open-deals tr[data-deal="1"]');
      assert(await page.inputValue('#open-deals tr[data-deal="1"] select.deal-stage') === 'negotiation', 'stage from the file');
      assert(Number(await page.getAttribute('#deals-total', 'data-value')) === 48, '120 × 40 % = 48');
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],
]);

server.stop();
