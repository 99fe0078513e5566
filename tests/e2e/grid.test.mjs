// End-to-end: the spreadsheet behaviour of the forecast grid — keys, paste from Excel,
// inline explanations, undo / redo.
import { serveDist, launch, openPage, assert, assertOnlyOrigin, assertNoErrors, run, OUT } from './harness.mjs';
import fs from 'node:fs';
import path from 'node:path';

const server = await serveDist();

async function openDemand(context) {
  const { page, log } = await openPage(context, server.url + '#/demand');
  await page.click('.tree button[data-sku="KB-16"]');
  return { page, log };
}

// Rows of #waterfall: 0 actual, 1 statistical, 2 sales, 3 marketing, 4 pipeline, 5 consensus;
// columns 0–5 history (the last six months), 6– plan months.
const cell = (r, c) => `#waterfall-${r}-${c}`;
const num = (s) => Number(String(s).replace(/−/g, '-').replace(/,/g, ''));

await run([
  ['the history depth is choosable: with no history a 1024 px projector shows more plan months, and a typed cell is still its month', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openDemand(context);
      await page.setViewportSize({ width: 1024, height: 768 });
      const shown = () => page.$$eval('#waterfall thead th.plan', (ths) => {
        const box = ths[0].closest('.table-scroll').getBoundingClientRect();
        return ths.filter((th) => th.getBoundingClientRect().right <= box.right + 1).length;
      });
      const headers = () => page.$$eval('#waterfall thead th', (t) => t.length - 1);
      const withSix = await shown();
      const plan = await page.$$eval('#waterfall thead th.plan', (t) => t.length);
      assert((await headers()) === plan + 6, 'six months of history by default');
      await page.selectOption('#history-months', '0');
      await page.waitForFunction((n) => document.querySelectorAll('#waterfall thead th').length - 1 === n, plan);
      const withNone = await shown();
      assert(withNone > withSix, `more plan months in view: ${withSix} → ${withNone}`);
      // The first plan month is column 0 now; typed there, it is the same month with history.
      await page.click(cell(2, 0));
      await page.keyboard.type('500');
      await page.keyboard.press('Enter');
      await page.waitForFunction((id) => document.activeElement?.id === id, 'waterfall-3-0');
      await page.selectOption('#history-months', '12');
      await page.waitForFunction((n) => document.querySelectorAll('#waterfall thead th').length - 1 === n, plan + 12);
      assert(num(await page.inputValue(cell(2, 12))) === 500, 'the sales value is in the first plan month');
      assertNoErrors(log);
    } finally { await context.close(); }
  }],

  ['typing, Enter moves down, arrows move across, Escape reverts, invalid input is explained', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openDemand(context);
      // Each cell sits in a form of its own: Enter must submit none of them.
      await page.evaluate(() => {
        window.__submits = 0;
        document.addEventListener('submit', () => { window.__submits += 1; }, { capture: true });
      });
      await page.click(cell(2, 6));
      await page.keyboard.type('500');
      // The frame that first shows the edit's effects shows the focus moved too: the
      // focus moves in that frame's animation callbacks, not in a task after it.
      await page.evaluate(() => {
        window.__focusInFrame = null;
        const mo = new MutationObserver(() => {
          mo.disconnect();
          requestAnimationFrame(() => { window.__focusInFrame = document.activeElement?.id ?? ''; });
        });
        document.querySelector('#waterfall').closest('form, section, main').addEventListener('change', () => {
          mo.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
        }, { once: true, capture: true });
      });
      await page.keyboard.press('Enter');
      await page.waitForFunction((id) => document.activeElement?.id === id, 'waterfall-3-6');
      await page.waitForFunction(() => window.__focusInFrame !== null);
      assert(await page.evaluate(() => window.__focusInFrame) === 'waterfall-3-6',
        'focus moved in the first frame after the edit: ' + await page.evaluate(() => window.__focusInFrame));
      assert(num(await page.inputValue(cell(2, 6))) === 500, 'sales set to 500');
      assert(await page.evaluate(() => window.__submits) === 0, 'Enter in a cell submits no form');
      // The consensus follows the sales layer (no other adjustment on KB-16 in month 1).
      const consensus = num(await page.inputValue(cell(5, 6)));
      assert(consensus >= 500, 'consensus carries the sales value: ' + consensus);
      await page.keyboard.press('ArrowUp');
      await page.waitForFunction((id) => document.activeElement?.id === id, 'waterfall-2-6');
      await page.keyboard.press('End');
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction((id) => document.activeElement?.id === id, 'waterfall-2-7');
      const before = await page.inputValue(cell(2, 7));
      await page.keyboard.type('999');
      await page.keyboard.press('Escape');
      assert(await page.inputValue(cell(2, 7)) === before, 'Escape reverts');
      await page.fill(cell(2, 8), 'abc');
      await page.press(cell(2, 8), 'Enter');
      const problem = await page.textContent('.grid-problem');
      assert(problem.includes("'abc' is not a number") && problem.includes('Sales'), 'explained: ' + problem);
      await page.fill(cell(2, 8), '-4');
      await page.press(cell(2, 8), 'Enter');
      assert((await page.textContent('.grid-problem')).includes('negative'), 'negative explained');
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],

  ['a block pasted from Excel fills the cells from the focused one, as one undo step', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openDemand(context);
      const original = [];
      for (const r of [2, 3]) for (const c of [6, 7, 8]) original.push(await page.inputValue(cell(r, c)));
      await page.focus(cell(2, 6));
      await page.evaluate((id) => {
        const dt = new DataTransfer();
        dt.setData('text/plain', '100\t1,200\t300\r\n400\t500\t600\r\n');
        document.getElementById(id).dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
      }, 'waterfall-2-6');
      await page.waitForSelector('.save[data-state="saved"]');
      const got = [];
      for (const r of [2, 3]) for (const c of [6, 7, 8]) got.push(num(await page.inputValue(cell(r, c))));
      assert(JSON.stringify(got) === JSON.stringify([100, 1200, 300, 400, 500, 600]), 'pasted block: ' + got);
      await page.screenshot({ path: path.join(OUT, 'grid-paste.png') });
      // Ctrl+Z (focus outside the grid) undoes the whole paste; Ctrl+Y redoes it.
      await page.click('#demand-title');
      await page.keyboard.press('Control+z');
      await page.waitForFunction(([id, v]) => document.getElementById(id)?.value === v, [cell(2, 6).slice(1), original[0]]);
      const undone = [];
      for (const r of [2, 3]) for (const c of [6, 7, 8]) undone.push(await page.inputValue(cell(r, c)));
      assert(JSON.stringify(undone) === JSON.stringify(original), 'undo restores all six cells');
      await page.keyboard.press('Control+y');
      await page.waitForFunction((id) => document.getElementById(id)?.value === '100', cell(2, 6).slice(1));
      // A block with a bad value pastes nothing and says why.
      await page.focus(cell(2, 6));
      await page.evaluate((id) => {
        const dt = new DataTransfer();
        dt.setData('text/plain', '7\tx\n');
        document.getElementById(id).dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
      }, 'waterfall-2-6');
      assert((await page.textContent('.grid-problem')).includes('Nothing pasted'), 'bad paste explained');
      assert(num(await page.inputValue(cell(2, 6))) === 100, 'bad paste changed nothing');
      assertNoErrors(log);
    } finally { await context.close(); }
  }],

  ['a typed number follows the workspace number format (1,234 → 1234; 1.234,5 with a decimal comma → 1234.5)', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openDemand(context);
      // The last actual of KB-16 (row 0, the last history column), as stored.
      const lastActual = async (name) => {
        await page.waitForSelector('.save[data-state="saved"]');
        await page.click('.workspace-menu .menu-button');
        const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-backup')]);
        const file = path.join(OUT, `grid-number-${name}.json`);
        await download.saveAs(file);
        const w = JSON.parse(fs.readFileSync(file, 'utf8'));
        const h = w.cycles[w.cycles.length - 1].history.find((x) => x.sku === 'KB-16');
        return { units: h.units[h.units.length - 1], format: w.number_format };
      };
      const type = async (text) => {
        await page.fill(cell(0, 5), text);
        await page.press(cell(0, 5), 'Enter');
      };
      await type('1,234');
      let got = await lastActual('point');
      assert(got.units === 1234, 'default format: 1,234 is 1234, got ' + got.units);
      assert(got.format && got.format.decimal_comma === false, 'format stored: ' + JSON.stringify(got.format));
      await page.click('.workspace-menu .menu-button');
      await page.click('#number-comma');
      await page.click('.workspace-menu .menu-button'); // closes the menu
      await type('1.234,5');
      got = await lastActual('comma');
      assert(got.units === 1234.5, 'decimal comma: 1.234,5 is 1234.5, got ' + got.units);
      assert(got.format.decimal_comma === true, 'setting saved with the workspace');
      await type('1,234');
      got = await lastActual('comma-ambiguous');
      assert(got.units === 1.234, 'decimal comma: 1,234 is 1.234, got ' + got.units);
      // The setting survives a reload.
      await page.reload();
      await page.click('.workspace-menu .menu-button');
      assert(await page.getAttribute('#number-comma', 'aria-checked') === 'true', 'setting kept after reload');
      // Every figure follows it, the supply review's too (its tiles come from the engine).
      await page.keyboard.press('Escape');
      await page.goto(page.url().replace(/#.*$/, '#/supply'));
      await page.waitForSelector('#kpi-peak-fte .kpi-value');
      const fte = (await page.textContent('#kpi-peak-fte .kpi-value')).trim();
      assert(/^\d+,\d$/.test(fte), 'peak FTE with a decimal comma: ' + fte);
      const fill = (await page.textContent('#kpi-fill-rate .kpi-value')).trim();
      assert(/^\d+,\d %$/.test(fill), 'fill rate with a decimal comma: ' + fill);
      // An input shows its value as it reads back: 1.5 months of cover is "1,5" (a "1.5"
      // would be read as 15 under a decimal comma).
      assert(await page.inputValue('#cover-months') === '1,5', 'cover months: ' + await page.inputValue('#cover-months'));
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],
  ['each layer\'s increment is shown and a cell drills to the adjustments and deals behind it', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openDemand(context);
      // E-bikes: the running totals of the grid are the statistical row plus the increments.
      await page.click('.tree button[data-family="EBIKE"]');
      await page.waitForSelector('h1 .sel-title:has-text("E-bikes")');
      await page.click('#layer-drill summary');
      await page.waitForSelector('#layer-increments tr[data-layer="consensus"] button');
      const inc = (layer) => page.$$eval(`#layer-increments tr[data-layer="${layer}"] button`, (b) => b.map((x) => Number(x.dataset.value)));
      const plan = await page.$$eval('#waterfall thead th.plan', (t) => t.length);
      const row = (cls) => page.$$eval(`#waterfall tr.${cls} td:not(.empty)`, (tds) => tds.map((td) => Number((td.querySelector('input') ? td.querySelector('input').value : td.textContent).replace(/,/g, ''))));
      const stat = (await row('statistical')).slice(-plan);
      const consensus = (await row('consensus')).slice(-plan);
      const steps = await Promise.all(['sales', 'marketing', 'pipeline', 'consensus'].map(inc));
      assert(steps.every((s) => s.length === plan), 'an increment per plan month and layer');
      for (let t = 0; t < plan; t++) {
        const total = stat[t] + steps.reduce((a, s) => a + s[t], 0);
        assert(Math.abs(total - consensus[t]) <= 1, `month ${t}: statistical ${stat[t]} + increments = consensus ${consensus[t]} (${total})`);
      }
      // The hotel chain's deal on E-City 500 in month 5 of the plan: +48 = 120 × 40 %.
      await page.click('.tree button[data-sku="EB-CITY-500"]');
      await page.waitForSelector('h1 .sel-title:has-text("EB-CITY-500")');
      const deal = '#layer-increments tr[data-layer="pipeline"] button[data-month="4"]';
      assert((await page.textContent(deal)).trim() === '+48', 'the pipeline adds +48: ' + await page.textContent(deal));
      await page.click(deal);
      await page.waitForSelector('#layer-parts li');
      const parts = await page.$$eval('#layer-parts li', (l) => l.map((x) => x.textContent));
      assert(parts.length === 1 && parts[0].includes('Hotel chain guest bikes') && parts[0].includes('120 units × 40 %') && parts[0].includes('+48'), 'the deal behind it: ' + parts);
      // City bikes, sales layer in month 4: the +5 % dealer restocking, with its reason.
      await page.click('.tree button[data-family="CITY"]');
      await page.waitForSelector('h1 .sel-title:has-text("City bikes")');
      await page.click('#layer-increments tr[data-layer="sales"] button[data-month="3"]');
      await page.waitForSelector('#layer-parts li');
      const sales = await page.$$eval('#layer-parts li', (l) => l.map((x) => ({ text: x.textContent, value: Number(x.dataset.value) })));
      const shown = Number(await page.getAttribute('#layer-increments tr[data-layer="sales"] button[data-month="3"]', 'data-value'));
      assert(sales.length === 1 && sales[0].text.includes('Dealer restocking') && sales[0].text.includes('+5 %'), 'the adjustment behind it: ' + JSON.stringify(sales));
      assert(Math.abs(sales[0].value - shown) < 1e-6, `its units are the increment: ${sales[0].value} = ${shown}`);
      await page.screenshot({ path: path.join(OUT, 'demand-layer-drill.png'), fullPage: true });
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],
]);

server.stop();
