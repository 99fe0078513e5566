// End-to-end: the monthly cycle over time, and the printed executive summary.
// Demo → approve → roll forward with November's actuals (typed, pasted from Excel,
// imported from a file) → cycle 2026-12 (Draft) with those actuals in its history and
// its opening stock from the approved plan; the approved cycle stays viewable read-only;
// a reload keeps both; the accuracy across cycles matches a hand check of the pasted
// actuals against the consensus shown before approval. Print summary: print styles,
// an A4 landscape PDF of one or two pages naming the company.
import { serveDist, launch, openPage, approveCycle, assert, assertOnlyOrigin, assertNoErrors, run, OUT } from './harness.mjs';
import path from 'node:path';
import fs from 'node:fs';
import zlib from 'node:zlib';

const server = await serveDist();

const openApp = (context, hash) => openPage(context, server.url + hash);

async function go(page, slug) {
  await page.click(`nav.steps a[href="#/${slug}"]`);
  await page.waitForSelector(`section.step.${slug}`);
}

/** "1,234" → 1234 (units as shown). */
const num = (t) => Number(String(t).replace(/−/g, '-').replace(/[^0-9.\-]/g, ''));

/** A paste from the clipboard (what Ctrl+V of an Excel selection sends) on `sel`. */
async function paste(page, sel, text) {
  await page.evaluate(([sel, text]) => {
    const el = document.querySelector(sel);
    el.focus();
    const dt = new DataTransfer();
    dt.setData('text/plain', text);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, [sel, text]);
}

/** The waterfall grid cell text or input value at (row, col). */
async function waterfall(page, row, col) {
  return page.$eval(`#waterfall tbody tr:nth-child(${row + 1}) td:nth-of-type(${col + 1})`, (td) => {
    const i = td.querySelector('input');
    return i ? i.value : td.textContent.trim();
  });
}

async function selectSku(page, sku) {
  await page.click(`.tree button[data-sku="${sku}"]`);
  await page.waitForFunction((s) => document.querySelector('.sel-title').textContent.startsWith(s), sku);
}

/** Score of the accuracy table: data-value of (row key, layer, metric). */
async function score(page, key, layer, metric) {
  const v = await page.getAttribute(`#accuracy-table tr[data-key="${key}"] td[data-layer="${layer}"][data-metric="${metric}"]`, 'data-value');
  return v === '' || v === null ? null : Number(v);
}

/** Prints the page (as it is laid out for print) to test-output/`name`: A4 landscape,
 * one or two pages, the company in its title; returns its pages and images. */
async function printPdf(page, name, company) {
  const file = path.join(OUT, name);
  await page.pdf({ path: file, preferCSSPageSize: true, printBackground: true });
  const pdf = fs.readFileSync(file).toString('latin1');
  const pages = (pdf.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
  assert(pages >= 1 && pages <= 2, `${name}: one or two pages, not ${pages}`);
  // A4 landscape: 842 × 595 points.
  const box = pdf.match(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/);
  assert(box && Math.abs(Number(box[1]) - 842) < 2 && Math.abs(Number(box[2]) - 595) < 2, `${name}: A4 landscape, not ${box && box[0]}`);
  // The document title (plain or UTF-16BE hex) names the company, and so does the text.
  const hex = Buffer.from(company, 'utf16le').swap16().toString('hex').toUpperCase();
  assert(pdf.includes(company) || pdf.toUpperCase().includes(hex), `${name}: the title names the company`);
  const text = pdfText(pdf);
  const squash = (t) => t.replace(/\s+/g, '');
  assert(squash(text).includes(squash(company)), `${name}: the printed text names the company: ${text.slice(0, 200)}`);
  return { pages, images: (pdf.match(/\/Subtype\s*\/Image/g) ?? []).length, text };
}

/** The text drawn on the pages of a PDF from Chromium (Type0 fonts, Identity-H, with a
 * ToUnicode map each; content streams deflated). Good enough to find words. */
function pdfText(pdf) {
  const objects = new Map();
  for (const m of pdf.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const body = m[2];
    const s = body.match(/stream\r?\n/);
    let data = null;
    if (s) {
      const raw = body.slice(s.index + s[0].length, body.lastIndexOf('endstream')).replace(/\r?\n$/, '');
      try { data = zlib.inflateSync(Buffer.from(raw, 'latin1')).toString('latin1'); } catch { data = raw; }
    }
    objects.set(m[1], { dict: s ? body.slice(0, s.index) : body, data });
  }
  const utf16 = (h) => Buffer.from(h.length % 4 ? h.padStart(h.length + 4 - (h.length % 4), '0') : h, 'hex').swap16().toString('utf16le');
  const cmap = (text) => {
    const map = new Map();
    for (const b of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
      for (const [, g, u] of b[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(parseInt(g, 16), utf16(u));
    }
    for (const b of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
      for (const [, lo, hi, u] of b[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
        for (let g = parseInt(lo, 16), k = 0; g <= parseInt(hi, 16); g++, k++) {
          map.set(g, String.fromCodePoint(parseInt(u, 16) + k));
        }
      }
    }
    return map;
  };
  const fonts = new Map(); // resource name → glyph → text
  for (const { dict } of objects.values()) {
    const res = dict.match(/\/Font\s*<<([^>]*)>>/);
    if (!res) continue;
    for (const [, name, id] of res[1].matchAll(/\/(\w+)\s+(\d+) 0 R/g)) {
      const font = objects.get(id);
      const tu = font && font.dict.match(/\/ToUnicode\s+(\d+) 0 R/);
      if (tu && objects.get(tu[1])?.data) fonts.set(name, cmap(objects.get(tu[1]).data));
    }
  }
  let out = '';
  for (const { dict, data } of objects.values()) {
    if (!data || /\/Subtype\s*\/Image/.test(dict) || !/T[jJ]/.test(data)) continue;
    let font = new Map();
    for (const m of data.matchAll(/\/(\w+)\s+[-\d.]+\s+Tf|<([0-9A-Fa-f]*)>\s*Tj|\[([^\]]*)\]\s*TJ/g)) {
      if (m[1]) { font = fonts.get(m[1]) ?? new Map(); continue; }
      const hexes = m[2] !== undefined ? [m[2]] : [...m[3].matchAll(/<([0-9A-Fa-f]*)>/g)].map((x) => x[1]);
      for (const h of hexes) {
        for (let i = 0; i + 4 <= h.length; i += 4) out += font.get(parseInt(h.slice(i, i + 4), 16)) ?? '';
      }
      out += ' ';
    }
  }
  return out;
}

await run([
  ['approve, roll forward with November actuals (typed, pasted, imported), view the approved cycle read-only, reload, accuracy by hand', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openApp(context, '#/demand');
      // Nothing to score yet.
      await page.waitForSelector('#accuracy-empty');
      assert(await page.$('#cycle-select') === null, 'no cycle picker with a single cycle');

      // The consensus and statistical forecast of November for one SKU, before approval.
      const sku = 'KB-16';
      await selectSku(page, sku);
      const months = await page.$$eval('#waterfall thead th', (th) => th.slice(1).map((x) => x.textContent.trim().replace(/\s+/g, ' ')));
      const nov = months.indexOf('Nov 26');
      assert(nov === 6, 'Nov 26 is the first planned month, after 6 months of history: ' + months.join(','));
      const consensusNov = num(await waterfall(page, 5, nov));
      const statNov = num(await waterfall(page, 1, nov));
      assert(consensusNov > 0, 'a consensus for November: ' + consensusNov);

      // Supply: the projected stock at the end of November, which the next cycle opens with.
      await go(page, 'supply');
      await selectSku(page, sku);
      const invNov = num(await page.$eval('#supply-grid tr.inventory td', (td) => td.textContent));
      const onHandBefore = num(await page.textContent('.supply-facts span:has-text("On hand today") b'));

      // Approve (see executive.test.mjs).
      await go(page, 'executive');
      assert(await page.$('#roll-forward') === null, 'no roll forward before approval');
      await approveCycle(page);
      await page.click('#roll-forward');
      await page.waitForSelector('#roll-form');
      const form = await page.$$eval('#actuals tbody tr', (rows) => rows.map((tr) => ({
        sku: tr.querySelector('th').textContent.split(' · ')[0],
        consensus: tr.querySelectorAll('td')[1].textContent.trim(),
      })));
      assert(form.length === 30, 'a row per SKU: ' + form.length);
      const mine = form.find((r) => r.sku === sku);
      assert(num(mine.consensus) === consensusNov, `the form shows the frozen consensus ${mine.consensus} = the waterfall's ${consensusNov}`);

      // Nothing entered: refused, explained.
      await page.click('#roll-confirm');
      await page.waitForSelector('#roll-problem:has-text("missing for 30 SKU(s)")');

      // A column of numbers pasted into the grid fills down from the focused cell.
      await paste(page, '#actuals-0-0', '5\n6\n7\n');
      await page.waitForFunction(() => document.querySelector('#actuals-2-0').value === '7');
      assert((await page.textContent('#roll-count')).startsWith('3 of 30'), await page.textContent('#roll-count'));
      // A negative number typed is explained and not taken.
      await page.fill('#actuals-3-0', '-4');
      await page.press('#actuals-3-0', 'Enter');
      await page.waitForSelector('#roll-form .grid-problem:has-text("negative")');
      assert((await page.textContent('#roll-count')).startsWith('3 of 30'), 'the negative value was not taken');

      // Two columns from Excel (SKU, units): a negative line refuses the whole block.
      const actual = {};
      form.forEach((r, i) => { actual[r.sku] = Math.round(num(r.consensus) * 1.15) + 3 + (i % 4); });
      const lines = form.map((r) => `${r.sku}\t${actual[r.sku]}`);
      const badBlock = ['SKU\tUnits', ...lines.slice(0, 5), `${form[5].sku}\t-12`].join('\n');
      await paste(page, '#actuals-paste', badBlock);
      await page.waitForSelector('#roll-problem:has-text("negative")');
      assert((await page.textContent('#roll-problem')).includes(form[5].sku), 'names the SKU');
      assert((await page.textContent('#roll-count')).startsWith('3 of 30'), 'nothing filled from a bad block');
      // The good block, without the last SKU.
      const missing = form[29].sku;
      await paste(page, '#actuals-paste', ['SKU\tUnits', ...lines.slice(0, 29)].join('\r\n') + '\r\n');
      await page.waitForSelector('#roll-note:has-text("Filled 29 SKU(s)")');
      assert(num(await page.inputValue('#actuals-0-0')) === actual[form[0].sku], 'the block replaced the grid paste');
      await page.click('#roll-confirm');
      await page.waitForSelector(`#roll-problem:has-text("missing for 1 SKU(s): ${missing}")`);

      // Import the rest from a sales history file (through the import worker).
      const other = form[1].sku;
      actual[missing] = 40;
      actual[other] = 123;
      const csv = path.join(OUT, 'import', 'actuals.csv');
      fs.mkdirSync(path.dirname(csv), { recursive: true });
      fs.writeFileSync(csv, `sku,month,units\n${missing},2026-11,${actual[missing]}\n${other},2026-11,${actual[other]}\n`);
      await page.setInputFiles('#actuals-file', csv);
      await page.waitForSelector('#roll-note:has-text("Filled 2 of 30")', { timeout: 30000 });
      assert((await page.inputValue('#actuals-1-0')) === '123', 'the file value is in the grid');
      assert((await page.textContent('#roll-count')).startsWith('30 of 30'), await page.textContent('#roll-count'));
      await page.screenshot({ path: path.join(OUT, 'roll-forward.png'), fullPage: true });

      await page.click('#roll-confirm');
      await page.waitForSelector('.topbar .cycle:has-text("Cycle 2026-12 · Draft")');
      await page.waitForSelector('.save[data-state="saved"]');
      await page.waitForSelector('#rolled-from:has-text("Rolled forward from cycle 2026-11")');
      const options = await page.$$eval('#cycle-select option', (o) => o.map((x) => x.textContent));
      assert(options.length === 2 && options[0].startsWith('2026-11 · Approved') && options[1].startsWith('2026-12 · Draft'), 'cycle picker: ' + options.join(' | '));
      assert(!(await page.isDisabled('#decision-text')), 'the new cycle can be edited');
      assert((await page.$$('nav.steps a.signed')).length === 0, 'the new cycle starts with no step signed off');
      await page.waitForSelector('.forecast[data-state="ready"]', { timeout: 30000 });

      // Since the last cycle: this consensus against November's approved one, by family;
      // a change made now moves its family and is named as the reason.
      await go(page, 'executive');
      await page.waitForSelector('#since-last tr[data-family="EBIKE"]');
      const story = () => page.$$eval('#since-last tbody tr', (trs) => trs.map((tr) => ({ family: tr.dataset.family, last: Number(tr.dataset.last), now: Number(tr.dataset.now), why: tr.querySelector('td.why')?.textContent ?? '' })));
      const before = await story();
      assert(before.length === 5 && before[4].family === '', 'four families and the total: ' + before.map((r) => r.family));
      const sumOf = (rows, k) => rows.slice(0, 4).reduce((a, r) => a + r[k], 0);
      assert(Math.abs(sumOf(before, 'last') - before[4].last) < 1e-6 && Math.abs(sumOf(before, 'now') - before[4].now) < 1e-6, 'the total adds up');
      assert(before.every((r) => r.last > 0), 'the last cycle planned every family');
      assert(before.slice(0, 4).every((r) => r.why === 'the statistical forecast and the actuals'), 'adjustments only carried forward are no reason: ' + before.map((r) => r.why).join(' | '));
      await go(page, 'demand');
      await page.click('.tree button[data-family="EBIKE"]');
      await page.fill('#change-amount', '10');
      await page.fill('#change-reason', 'Spring dealer promotion');
      await page.click('#change-apply');
      await go(page, 'executive');
      await page.waitForSelector('#since-last tr[data-family="EBIKE"] td.why:has-text("Spring dealer promotion")');
      const after = await story();
      const e0 = before.find((r) => r.family === 'EBIKE');
      const e1 = after.find((r) => r.family === 'EBIKE');
      assert(e1.last === e0.last && e1.now > e0.now, `EBIKE moved up: ${e0.now} → ${e1.now}, last cycle ${e1.last}`);
      assert(after.filter((r) => r.family !== 'EBIKE' && r.family !== '').every((r, k) => JSON.stringify(r) === JSON.stringify(before.filter((x) => x.family !== 'EBIKE' && x.family !== '')[k])), 'the other families did not move');
      await page.screenshot({ path: path.join(OUT, 'since-last-cycle.png'), fullPage: true });
      await page.click('.topbar button.undo');
      await page.waitForFunction(() => !document.querySelector('#since-last tr[data-family="EBIKE"] td.why').textContent.includes('Spring dealer'));

      // The new cycle's history ends with the November actuals.
      await go(page, 'demand');
      await selectSku(page, sku);
      const months2 = await page.$$eval('#waterfall thead th', (th) => th.slice(1).map((x) => x.textContent.trim().replace(/\s+/g, ' ')));
      assert(months2[5] === 'Nov 26' && months2[6] === 'Dec 26', 'history to Nov 26, plan from Dec 26: ' + months2.join(','));
      assert(num(await waterfall(page, 0, 5)) === actual[sku], `Actual Nov 26 of ${sku} = the pasted ${actual[sku]}`);
      await selectSku(page, other);
      assert(num(await waterfall(page, 0, 5)) === 123, 'the imported actual is in the history');
      // Opening stock = the approved plan's stock at the end of November.
      await go(page, 'supply');
      await selectSku(page, sku);
      const onHand = num(await page.textContent('.supply-facts span:has-text("On hand today") b'));
      assert(onHand === invNov, `on hand ${onHand} = the approved plan's end-of-November stock ${invNov} (was ${onHandBefore})`);

      // Accuracy across cycles: the frozen November plan against the actuals.
      await go(page, 'demand');
      await page.waitForSelector('#accuracy-table');
      assert((await page.textContent('#accuracy-scope')).includes('cycle 2026-11 (Nov 26)'), await page.textContent('#accuracy-scope'));
      const a = actual[sku];
      const wape = await score(page, sku, 'consensus', 'wape');
      const hand = Math.abs(consensusNov - a) / a;
      assert(Math.abs(wape - hand) <= 0.5 / a + 1e-9, `${sku} consensus WAPE ${wape} = |${consensusNov} − ${a}| / ${a} = ${hand}`);
      const shown = await page.textContent(`#accuracy-table tr[data-key="${sku}"] td[data-layer="consensus"][data-metric="wape"]`);
      assert(Math.abs(num(shown) - 100 * wape) < 0.051, `shown ${shown} = ${wape}`);
      const bias = await score(page, sku, 'consensus', 'bias');
      assert(Math.abs(bias - (consensusNov - a) / a) <= 0.5 / a + 1e-9, `bias ${bias} = (${consensusNov} − ${a}) / ${a}`);
      const statWape = await score(page, sku, 'statistical', 'wape');
      assert(Math.abs(statWape - Math.abs(statNov - a) / a) <= 0.5 / a + 1e-9, `statistical WAPE ${statWape} = |${statNov} − ${a}| / ${a}`);
      assert(await page.$(`#accuracy-table tr[data-key="${sku}"] td[data-layer="statistical"][data-metric="fva"]`) === null, 'no FVA for the statistical layer');
      // FVA of each layer = WAPE of the layer before − its own.
      const layers = ['statistical', 'sales', 'marketing', 'pipeline', 'consensus'];
      for (let k = 1; k < 5; k++) {
        const before = await score(page, sku, layers[k - 1], 'wape');
        const after = await score(page, sku, layers[k], 'wape');
        const fva = await score(page, sku, layers[k], 'fva');
        assert(Math.abs(fva - (before - after)) < 1e-12, `${layers[k]} FVA ${fva} = ${before} − ${after}`);
      }
      // The total adds every SKU: actual units = all that was entered.
      const total = Object.values(actual).reduce((x, y) => x + y, 0);
      const totalShown = Number(await page.getAttribute('#accuracy-table tr.total td.actual', 'data-value'));
      assert(Math.abs(totalShown - total) < 1e-6, `total actual ${totalShown} = ${total}`);
      // The family: |Σ consensus − Σ actual| / Σ actual (consensus rounded as shown: ± 0.5 per SKU).
      const famKey = await page.$eval(`.tree button[data-sku="${sku}"]`, (b) => b.closest('.family').querySelector('button[data-family]').dataset.family);
      const famSkus = await page.$$eval(`.tree button[data-family="${famKey}"]`, (b) => [...b[0].closest('.family').querySelectorAll('button[data-sku]')].map((x) => x.dataset.sku));
      const famA = famSkus.reduce((s, k) => s + actual[k], 0);
      const famC = famSkus.reduce((s, k) => s + num(form.find((r) => r.sku === k).consensus), 0);
      const famW = await score(page, famKey, 'consensus', 'wape');
      assert(Math.abs(famW - Math.abs(famC - famA) / famA) <= (0.5 * famSkus.length) / famA + 1e-9, `family ${famKey} WAPE ${famW} ≈ |${famC} − ${famA}| / ${famA}`);
      const fit = await page.$eval('#accuracy-table', (t) => [t.getBoundingClientRect().width, t.parentElement.clientWidth]);
      assert(fit[0] <= fit[1] + 1, 'the whole table fits 1280 px without scrolling: ' + fit);
      await page.locator('#accuracy-across').screenshot({ path: path.join(OUT, 'accuracy-across-cycles.png') });
      await page.uncheck('#accuracy-skus');
      assert(await page.$('#accuracy-table tr.sku') === null, 'families only');
      await page.check('#accuracy-skus');

      // The approved cycle, viewed read-only.
      await page.selectOption('#cycle-select', '0');
      await page.waitForSelector('#viewing-notice');
      await page.waitForSelector('.topbar .cycle:has-text("Cycle 2026-11 · Approved")');
      await page.waitForSelector('.forecast[data-state="ready"]', { timeout: 30000 });
      await selectSku(page, sku);
      const oldMonths = await page.$$eval('#waterfall thead th', (th) => th.slice(1).map((x) => x.textContent.trim().replace(/\s+/g, ' ')));
      assert(oldMonths[6] === 'Nov 26', 'the old cycle plans from Nov 26');
      assert(num(await waterfall(page, 5, 6)) === consensusNov, 'its consensus is the approved one');
      assert(await page.isDisabled('#change-apply'), 'read-only: demand changes');
      assert(await page.isDisabled('#waterfall-5-6'), 'read-only: the grid');
      assert(await page.isDisabled('.topbar button.undo'), 'no undo on an older cycle');
      await page.evaluate(() => {
        const i = document.querySelector('#waterfall-5-7');
        i.disabled = false;
        i.value = '999';
        i.dispatchEvent(new Event('change', { bubbles: true }));
      });
      await page.waitForSelector('.banner.error:has-text("older cycle")');
      await page.click('.banner.error .close');
      await go(page, 'executive');
      await page.waitForSelector('#rolled-into:has-text("Rolled forward to cycle 2026-12")');
      assert(await page.$('#roll-forward') === null, 'an older cycle does not roll forward again');
      await go(page, 'supply');
      assert(await page.isDisabled('#strategy-select'), 'read-only: supply');
      await page.screenshot({ path: path.join(OUT, 'older-cycle.png') });
      await page.click('#back-to-current');
      await page.waitForSelector('.topbar .cycle:has-text("Cycle 2026-12 · Draft")');
      assert(await page.$('#viewing-notice') === null, 'the notice is gone');
      assert(!(await page.isDisabled('#strategy-select')), 'the current cycle is editable again');

      // Reload: both cycles kept, the current one open, the scores the same.
      await page.waitForSelector('.save[data-state="saved"]');
      await page.reload();
      await page.waitForSelector('.save[data-state="saved"]', { timeout: 30000 });
      await page.waitForSelector('.topbar .cycle:has-text("Cycle 2026-12 · Draft")');
      assert((await page.$$eval('#cycle-select option', (o) => o.length)) === 2, 'two cycles after a reload');
      await go(page, 'demand');
      await page.waitForSelector('#accuracy-table');
      assert(await score(page, sku, 'consensus', 'wape') === wape, 'the same score after a reload');
      await selectSku(page, sku);
      assert(num(await waterfall(page, 0, 5)) === actual[sku], 'the November actual after a reload');
      await page.selectOption('#cycle-select', '0');
      await page.waitForSelector('.topbar .cycle:has-text("Cycle 2026-11 · Approved")');
      await go(page, 'executive');
      await page.waitForSelector('.approved-note');
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],

  ['print summary: the button prints; print styles lay out an A4 landscape summary of one or two pages naming the company', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openApp(context, '#/executive');
      const company = (await page.textContent('.topbar .workspace')).trim();
      assert(company.includes('Northwind'), 'the demo company: ' + company);
      // Without a scenario: the base plan's charts, still one or two pages.
      await page.waitForSelector('#compare-cash-chart canvas');
      await page.waitForSelector('.save[data-state="saved"]');
      await page.emulateMedia({ media: 'print' });
      const base = await printPdf(page, 'executive-summary-base.pdf', company);
      assert(base.images >= 2, 'the base plan charts are printed: ' + base.images);
      await page.emulateMedia({ media: 'screen' });
      // A scenario to compare, and a decision.
      await page.fill('#scenario-name', 'Upside');
      await page.press('#scenario-name', 'Enter');
      await page.waitForSelector('#levers-title');
      await page.fill('#lever-price', '3');
      await page.press('#lever-price', 'Enter');
      await page.waitForFunction(() => document.querySelector('#compare-table tr[data-kpi="revenue"] td.delta[data-plan="Upside"]').getAttribute('data-value') * 1 !== 0);
      await page.selectOption('#scenario-select', 'base');
      await page.fill('#decision-text', 'Raise prices 3 % from January');
      await page.click('#add-decision');
      await page.waitForSelector('.decision-list li');
      await page.waitForSelector('#compare-cash-chart canvas');
      await page.waitForSelector('#compare-revenue-chart canvas');
      await page.waitForSelector('.save[data-state="saved"]');

      // The button opens the browser's print dialog.
      await page.evaluate(() => { window.__printed = 0; window.print = () => { window.__printed++; }; });
      await page.click('#print-summary');
      assert(await page.evaluate(() => window.__printed) === 1, 'window.print() was called');
      assert((await page.title()).includes(company), 'the page title (the PDF name) names the company: ' + (await page.title()));

      assert(!(await page.isVisible('#print-head')), 'no print title on screen');
      await page.emulateMedia({ media: 'print' });
      assert(await page.isVisible('#print-head'), 'the print title shows');
      const head = await page.textContent('#print-head');
      assert(head.includes(company) && head.includes('Cycle 2026-11') && head.includes('Draft') && /printed \d{4}-\d{2}-\d{2}/.test(head), 'title: ' + head);
      for (const sel of ['.topbar', 'nav.steps', '#print-summary', '#approve', '#save-scenario', '.decision-form', '.levers', '.chips']) {
        assert(!(await page.isVisible(sel)), sel + ' is not printed');
      }
      for (const sel of ['#kpi-cash-low', '#exceptions', '#compare-table', '.decision-list', '#compare-cash-chart canvas', '#compare-revenue-chart canvas']) {
        assert(await page.isVisible(sel), sel + ' is printed');
      }
      const shownExceptions = await page.$$eval('#exceptions li', (l) => l.filter((li) => getComputedStyle(li).display !== 'none').length);
      assert(shownExceptions >= 1 && shownExceptions <= 8, 'the top exceptions: ' + shownExceptions);
      // Charts fit their printed column (A4 landscape: about 1050 px wide).
      const widths = await page.$$eval('.overlays .chart canvas', (c) => c.map((x) => x.getBoundingClientRect().width));
      await page.setViewportSize({ width: 1047, height: 740 });
      const printWidths = await page.$$eval('.overlays .chart canvas', (c) => c.map((x) => [x.getBoundingClientRect().width, x.closest('.overlays > div').getBoundingClientRect().width]));
      assert(printWidths.every(([w, col]) => w <= col + 0.5 && w > 300), 'each chart fits its column: ' + JSON.stringify(printWidths) + ' (screen ' + widths + ')');
      const heights = await page.$$eval('.overlays .chart canvas', (c) => c.map((x) => x.getBoundingClientRect().height));
      assert(heights.every((h) => h > 150), 'the charts keep their height: ' + heights);
      await page.screenshot({ path: path.join(OUT, 'executive-summary-print.png'), fullPage: true });

      const full = await printPdf(page, 'executive-summary.pdf', company);
      // The cash and revenue charts are in it (ECharts canvases become images).
      assert(full.images >= 2, 'the two charts are printed: ' + full.images + ' images');
      await page.emulateMedia({ media: 'screen' });
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],
]);

server.stop();
