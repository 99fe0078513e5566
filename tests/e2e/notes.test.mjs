// History and comments: the person set in the team panel edits a demand cell; the cell's
// history ("History and comments" / Alt+H) names them with old → new; a comment is
// added; both survive a reload; the executive review lists the person with 1 edit and
// 1 comment since the last meeting; the panel keeps 1024 px without sideways scroll; a
// production cell of the supply review keeps its history too. Right after an edit the
// grid asks "Why?" (ui/reason.rs): a paste's cells get one reason, undone in one step.
import { serveDist, launch, openPage, assert, assertOnlyOrigin, assertNoErrors, run, OUT } from './harness.mjs';
import { iAm } from './team-kit.mjs';
import path from 'node:path';

const server = await serveDist();
const num = (s) => Number(String(s).replace(/−/g, '-').replace(/,/g, ''));
// Row 2 of #waterfall is the Sales layer; columns 0–5 history, 6– plan months.
const SALES = '#waterfall-2-7';

async function noSideways(page, where) {
  const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert(sw <= cw, `${where}: the page scrolls sideways (${sw} px in ${cw} px)`);
}

await run([
  ['an edit and a comment with their author, kept over a reload, counted by person in the executive review', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openPage(context, server.url + '#/demand');
      await page.setViewportSize({ width: 1024, height: 768 });
      await iAm(page, 'Nora Quist', 'Sales');
      await page.click('#team-button');
      await page.click('.tree button[data-sku="KB-16"]');
      await page.waitForSelector(SALES);
      const before = num(await page.inputValue(SALES));
      const typed = Math.round(before) + 40;
      await page.click(SALES);
      await page.keyboard.type(String(typed));
      await page.keyboard.press('Enter');
      await page.waitForFunction(([id, v]) => Number(document.getElementById(id).value.replace(/,/g, '')) === v, ['waterfall-2-7', typed]);
      // The cell is marked; Alt+H on it opens its history.
      await page.waitForSelector('#waterfall td.noted #waterfall-2-7');
      await page.focus(SALES);
      await page.keyboard.press('Alt+h');
      await page.waitForSelector('#notes-panel');
      const title = await page.textContent('#notes-title');
      assert(title.includes('History and comments — KB-16 Sales'), title);
      const entry = await page.textContent('#notes-history li');
      assert(entry.includes('Nora Quist (Sales)'), entry);
      const fmt = (v) => v.toLocaleString('en-US', { maximumFractionDigits: 0 });
      assert(entry.includes(`${fmt(Math.round(before))} → ${fmt(typed)}`) || entry.includes(`${fmt(before)} → ${fmt(typed)}`), `old → new: ${entry} (${before} → ${typed})`);
      // A comment: an empty one is refused with a reason, then one is added.
      await page.click('#notes-add');
      await page.waitForSelector('#notes-panel .problem:has-text("needs some text")');
      await page.fill('#notes-text', 'Trade fair <b>in</b> March');
      await page.click('#notes-add');
      await page.waitForSelector('#notes-comments li:has-text("Trade fair <b>in</b> March")');
      assert(!(await page.$('#notes-comments b')), 'comment text shown as text, not markup');
      await noSideways(page, 'demand with the notes panel');
      await page.screenshot({ path: path.join(OUT, 'notes-1024-demand.png') });

      // Reload: both are still there (the button opens the panel of the focused cell).
      await page.waitForSelector('.save[data-state="saved"]');
      await page.reload();
      await page.waitForSelector('.save[data-state="saved"]', { timeout: 30000 });
      await page.click('.tree button[data-sku="KB-16"]');
      await page.waitForSelector('#waterfall td.noted #waterfall-2-7');
      await page.click(SALES);
      await page.click('#cell-notes');
      await page.waitForSelector('#notes-panel');
      assert((await page.textContent('#notes-history li')).includes('Nora Quist (Sales)'), 'history after reload');
      assert((await page.textContent('#notes-comments')).includes('Trade fair <b>in</b> March'), 'comment after reload');
      await page.click('#notes-close');

      // The executive review: the person with 1 edit and 1 comment.
      await page.click('nav.steps a[href="#/executive"]');
      await page.waitForSelector('#by-person tr[data-person="Nora Quist"]');
      const row = '#by-person tr[data-person="Nora Quist"]';
      assert((await page.textContent(`${row} th`)).includes('Nora Quist (Sales)'), 'name and role');
      assert((await page.textContent(`${row} .n-edits`)).trim() === '1', 'one edit');
      assert((await page.textContent(`${row} .n-comments`)).trim() === '1', 'one comment');
      assert((await page.textContent(`${row} .cells`)).includes('KB-16 Sales'), await page.textContent(`${row} .cells`));
      // Decisions and exceptions take comments too.
      const button = await page.$('#exceptions .comment-button');
      if (button) {
        await button.click();
        await page.waitForSelector('#notes-panel');
        await page.fill('#notes-text', 'Expedite the frames');
        await page.click('#notes-add');
        await page.waitForSelector('#notes-comments li:has-text("Expedite the frames")');
        await page.click('#notes-close');
        await page.waitForFunction(() => document.querySelector('#by-person tr[data-person="Nora Quist"] .n-comments')?.textContent.trim() === '2');
      }
      await noSideways(page, 'executive');
      await page.screenshot({ path: path.join(OUT, 'notes-1024-executive.png') });
      if (await page.$('#notes-close')) await page.click('#notes-close');

      // The supply review's production cells keep their history too (Alt+H).
      await page.click('nav.steps a[href="#/supply"]');
      await page.click('.tree button[data-sku="KB-16"]');
      const prod = page.locator('#supply-grid-1-4');
      await prod.fill('321');
      await prod.press('Enter');
      await page.waitForSelector('#supply-grid td.noted #supply-grid-1-4');
      await page.focus('#supply-grid-1-4');
      await page.keyboard.press('Alt+h');
      await page.waitForSelector('#notes-panel');
      assert((await page.textContent('#notes-title')).includes('KB-16 Production'), await page.textContent('#notes-title'));
      const made = await page.textContent('#notes-history li');
      assert(made.includes('Nora Quist (Sales)') && made.includes('→ 321'), made);
      assertOnlyOrigin(log, server.origin);
      assertNoErrors(log);
    } finally { await context.close(); }
  }],
  ['"Why?" right after an edit: the grid keeps the focus, one reason for every cell of a paste, undone in one step', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openPage(context, server.url + '#/demand');
      await page.setViewportSize({ width: 1024, height: 768 });
      await iAm(page, 'Nora Quist', 'Sales');
      await page.click('#team-button');
      await page.click('.tree button[data-sku="KB-16"]');
      await page.waitForSelector(SALES);
      assert(!(await page.$('#reason-prompt')), 'nothing is asked before an edit');
      const before = num(await page.inputValue(SALES));
      const typed = Math.round(before) + 40;
      await page.click(SALES);
      await page.keyboard.type(String(typed));
      await page.keyboard.press('Enter');
      await page.waitForSelector('#reason-prompt');
      const what = await page.textContent('#reason-prompt label');
      const fmt = (v) => v.toLocaleString('en-US', { maximumFractionDigits: 0 });
      assert(what.includes('You changed KB-16 Sales') && what.includes(`→ ${fmt(typed)}.`) && what.includes('Why?'), what);
      const active = await page.evaluate(() => document.activeElement?.id ?? '');
      assert(active.startsWith('waterfall-'), `the grid keeps the focus after Enter: ${active}`);
      // "Not now" hides it until the next edit.
      await page.click('#reason-now-skip');
      await page.waitForSelector('#reason-prompt', { state: 'detached' });

      // A paste of three cells is asked about once, for all three.
      const cells = ['waterfall-2-8', 'waterfall-2-9', 'waterfall-2-10'];
      await page.focus('#' + cells[0]);
      await page.evaluate((id) => {
        const dt = new DataTransfer();
        dt.setData('text/plain', '111\t112\t113\r\n');
        document.getElementById(id).dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
      }, cells[0]);
      await page.waitForSelector('#reason-prompt:has-text("and 2 more cells")');
      assert((await page.textContent('#reason-prompt label')).includes('→ 113'), await page.textContent('#reason-prompt label'));
      await noSideways(page, 'demand with the reason prompt');
      await page.screenshot({ path: path.join(OUT, 'notes-1024-reason-prompt.png') });
      await page.fill('#reason-now', 'Key account trade fair');
      await page.press('#reason-now', 'Enter');
      await page.waitForSelector('#reason-prompt', { state: 'detached' });
      for (const id of cells) {
        await page.focus('#' + id);
        await page.keyboard.press('Alt+h');
        await page.waitForSelector('#notes-panel');
        const li = await page.textContent('#notes-history li');
        assert(li.includes('Key account trade fair') && li.includes('Nora Quist (Sales)'), `${id}: ${li}`);
        await page.click('#notes-close');
      }
      // One undo takes the reason from all three, and the question is back.
      await page.click('#demand-title');
      await page.keyboard.press('Control+z');
      await page.waitForSelector('#reason-prompt:has-text("and 2 more cells")');
      await page.focus('#' + cells[1]);
      await page.keyboard.press('Alt+h');
      await page.waitForSelector('#notes-panel');
      assert(!(await page.$('#notes-history li .n-reason')), 'the reason undone');
      await page.click('#notes-close');

      // The supply review asks about a production cell the same way.
      await page.click('nav.steps a[href="#/supply"]');
      await page.click('.tree button[data-sku="KB-16"]');
      await page.waitForSelector('#supply-grid-1-4');
      assert(!(await page.$('#reason-prompt')), 'edits made before the step opened are not asked about again');
      await page.locator('#supply-grid-1-4').fill('321');
      await page.locator('#supply-grid-1-4').press('Enter');
      await page.waitForSelector('#reason-prompt:has-text("KB-16 Production")');
      await page.fill('#reason-now', 'Line 2 maintenance moved');
      await page.click('#reason-now-save');
      await page.waitForSelector('#reason-prompt', { state: 'detached' });
      await page.focus('#supply-grid-1-4');
      await page.keyboard.press('Alt+h');
      await page.waitForSelector('#notes-panel');
      assert((await page.textContent('#notes-history li')).includes('Line 2 maintenance moved'), await page.textContent('#notes-history li'));
      assertOnlyOrigin(log, server.origin);
      assertNoErrors(log);
    } finally { await context.close(); }
  }],
]);

server.stop();
