// End-to-end: nothing wrong gets in, nothing is dropped silently. A CSV with an unclosed
// quote is refused where the quote opened; an import that removes rows says which and
// needs a confirmation; the CSV export neutralises formula-like text.
import { serveDist, launch, openPage, exportCsv, assertImportChangesNothing, assert, assertOnlyOrigin, assertNoErrors, run, OUT } from './harness.mjs';
import path from 'node:path';
import fs from 'node:fs';

const server = await serveDist();
const openData = (context) => openPage(context, server.url + '#/data', { forecast: false });

function write(name, text) {
  const p = path.join(OUT, 'entry', name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
}

/** Parses CSV text into rows of cells (RFC 4180 quoting), for reading exports back. */
function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; }
    else if (ch === '\n') { row.push(cell.replace(/\r$/, '')); rows.push(row); row = []; cell = ''; }
    else cell += ch;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

await run([
  ['a pipeline file with an unclosed quote in its last, optional column is refused where the quote opened', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openData(context);
      const dir = await exportCsv(page, 'entry/quote');
      const lines = fs.readFileSync(path.join(dir, 'pipeline.csv'), 'utf8').trimEnd().split(/\r?\n/);
      assert(lines.length >= 8, 'the demo has open deals: ' + lines.length);
      const header = lines[0].split(',');
      assert(header.at(-1).toLowerCase().includes('customer'), 'customer is the last column: ' + lines[0]);
      // Row 3 (header = row 1): the customer opens a quote and never closes it.
      const cells = lines[2].split(',');
      cells[cells.length - 1] = '"Hotel chain, phase 2';
      lines[2] = cells.join(',');
      await page.setInputFiles('#import-files', write('pipeline.csv', lines.join('\n') + '\n'));
      await page.waitForSelector('#import-errors li', { timeout: 30000 });
      const errs = await page.$$eval('#import-errors li', (li) => li.map((x) => x.textContent));
      assert(errs.some((e) => e.includes('pipeline.csv') && e.includes('row 3') && /customer/i.test(e) && /quote/i.test(e)),
        'names where the quote opened: ' + errs.join(' | '));
      assert(await page.locator('#import-ready').count() === 0, 'nothing to apply');
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],

  ['an import that lists fewer pipeline deals says which it removes and needs a confirmation', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openData(context);
      const dir = await exportCsv(page, 'entry/removal');
      const lines = fs.readFileSync(path.join(dir, 'pipeline.csv'), 'utf8').trimEnd().split(/\r?\n/);
      const kept = [lines[0], ...lines.slice(1, 4)];
      const removed = lines.length - kept.length;
      await page.setInputFiles('#import-files', write('pipeline.csv', kept.join('\n') + '\n'));
      await page.waitForSelector('#import-ready', { timeout: 30000 });
      const list = await page.textContent('#import-removals');
      assert(list.includes(`${removed} of ${lines.length - 1}`), `says how many of how many: ${list}`);
      const firstGone = lines[4].split(',')[0];
      assert(list.includes(firstGone), `names the removed deals (${firstGone}): ${list}`);
      assert(await page.isDisabled('#import-apply'), 'apply needs the confirmation');
      await page.check('#import-confirm-removal');
      assert(!(await page.isDisabled('#import-apply')), 'confirmed: apply enabled');
      await page.click('#import-apply');
      await page.waitForSelector('.save[data-state="saved"]');
      // The whole import is one undo step.
      await page.click('.topbar button.undo');
      await page.waitForSelector('.save[data-state="saved"]');
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],

  ['CSV export: =1+1 and @SUM(A1) start with a quote mark; negative money stays a number; it imports back as typed', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openData(context);
      const name = '#table-products tr[data-id="KB-16"] input[aria-label="Name of KB-16"]';
      await page.fill(name, '=1+1');
      await page.press(name, 'Enter');
      let dir = await exportCsv(page, 'entry/formula-a');
      const pipeline = fs.readFileSync(path.join(dir, 'pipeline.csv'), 'utf8').trimEnd().split(/\r?\n/);
      const cells = pipeline[1].split(',');
      cells[cells.length - 1] = '@SUM(A1)';
      pipeline[1] = cells.join(',');
      // An overdraft to start with: negative money, which must stay a number.
      const finance = fs.readFileSync(path.join(dir, 'finance.csv'), 'utf8')
        .replace(/^opening_cash,.*$/m, 'opening_cash,-12500.5');
      await page.setInputFiles('#import-files', [
        write('pipeline.csv', pipeline.join('\n') + '\n'),
        write('finance.csv', finance),
      ]);
      await page.waitForSelector('#import-ready', { timeout: 30000 });
      await page.click('#import-apply');
      await page.waitForSelector('.save[data-state="saved"]');
      dir = await exportCsv(page, 'entry/formula-b');
      const products = parseCsv(fs.readFileSync(path.join(dir, 'products.csv'), 'utf8'));
      const kb = products.find((r) => r[0] === 'KB-16');
      assert(kb && kb[1] === "'=1+1", 'product name neutralised: ' + JSON.stringify(kb));
      const deals = parseCsv(fs.readFileSync(path.join(dir, 'pipeline.csv'), 'utf8'));
      assert(deals.some((r) => r.at(-1) === "'@SUM(A1)"), 'customer neutralised: ' + JSON.stringify(deals.slice(0, 3)));
      const fin = parseCsv(fs.readFileSync(path.join(dir, 'finance.csv'), 'utf8'));
      const cash = fin.find((r) => r[0] === 'opening_cash');
      assert(cash && cash[1] === '-12500.5', 'negative money stays a number: ' + JSON.stringify(cash));
      assert(fin.slice(1).every((r) => !r[1].startsWith("'")), 'no number is quoted: ' + JSON.stringify(fin));
      // Read back: the names are as typed, nothing changes.
      await assertImportChangesNothing(page, fs.readdirSync(dir).map((f) => path.join(dir, f)));
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],
]);

server.stop();
