// Meeting mode at 1024×768: the agenda as one tracker. Each step is signed off by a
// named person (the name asked once, kept in this browser), the status follows, "Next:
// … →" leads on, a sign-off is one undo step and survives a reload, a promoted scenario
// is logged as a decision, and approval names the approver (frozen plan, decision, the
// backup). No step scrolls sideways at 1024 px.
import { serveDist, launch, openPage, exportBackup, assert, assertOnlyOrigin, assertNoErrors, run, OUT } from './harness.mjs';
import path from 'node:path';

const server = await serveDist();

async function noSideways(page, where) {
  const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert(sw <= cw, `${where}: the page scrolls sideways (${sw} px in ${cw} px)`);
}

const status = async (page) => (await page.textContent('.topbar .cycle')).trim();

async function signHere(page, slug, label) {
  await page.waitForSelector(`section.step.${slug}`);
  assert((await page.textContent('.meeting-bar .where')).includes(label), 'the bar names the step: ' + label);
  await page.click('#sign-off');
  await page.waitForSelector('#signed-off');
  assert((await page.textContent('#signed-off')).includes('Signed off by Ada Lovelace, 20'), await page.textContent('#signed-off'));
  assert(await page.$eval(`nav.steps a[href="#/${slug}"]`, (a) => a.classList.contains('signed')), `${slug} ticked in the tracker`);
  await noSideways(page, slug);
  await page.screenshot({ path: path.join(OUT, `meeting-1024-${slug}.png`) });
}

await run([
  ['a full meeting at 1024×768: sign-offs with names, Next →, undo and reload, promotion logged, approval names the approver', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openPage(context, server.url + '#/data');
      await page.setViewportSize({ width: 1024, height: 768 });
      assert((await status(page)).endsWith('Draft'), await status(page));
      assert((await page.textContent('.meeting-bar .where')).trim() === 'Step 1 of 5 · Data', 'step 1 of 5');
      assert((await page.textContent('#next-step')).trim() === 'Next: Demand review →', 'Next names the following step');

      // The supply review cannot be signed off before the steps before it.
      await page.click('nav.steps a[href="#/supply"]');
      await page.fill('#signer-name', 'Ada Lovelace');
      await page.click('#sign-off');
      await page.waitForSelector('.meeting-bar .problem:has-text("sign off Data first")');
      assert((await status(page)).endsWith('Draft'), 'a refused sign-off changes nothing');

      // 1. Data: the name typed once; the status moves on.
      await page.click('nav.steps a[href="#/data"]');
      assert((await page.inputValue('#signer-name')) === 'Ada Lovelace', 'the name typed is kept');
      await signHere(page, 'data', 'Data');
      assert((await status(page)).endsWith('Demand review'), 'status follows: ' + await status(page));

      // One undo takes the sign-off and the status back; redo brings both.
      await page.click('.topbar button.undo');
      await page.waitForSelector('#sign-off');
      assert((await status(page)).endsWith('Draft'), 'undo: back to Draft');
      await page.click('.topbar button.redo');
      await page.waitForSelector('#signed-off');
      assert((await status(page)).endsWith('Demand review'), 'redo');

      // 2. Next → Demand review; after a reload the name and the sign-off are still there.
      await page.click('#next-step');
      await page.waitForSelector('section.step.demand');
      await page.waitForSelector('.save[data-state="saved"]');
      await page.reload();
      await page.waitForSelector('.save[data-state="saved"]', { timeout: 30000 });
      assert(await page.$eval('nav.steps a[href="#/data"]', (a) => a.classList.contains('signed') && a.title.startsWith('Signed off by Ada Lovelace')), 'the sign-off is saved');
      assert((await page.inputValue('#signer-name')) === 'Ada Lovelace', 'the name is kept in this browser');
      await signHere(page, 'demand', 'Demand review');
      assert((await status(page)).endsWith('Supply review'), await status(page));

      // 3. Supply, 4. Finance.
      await page.click('#next-step');
      await signHere(page, 'supply', 'Supply review');
      assert((await status(page)).endsWith('Financial review'), await status(page));
      await page.click('#next-step');
      await signHere(page, 'finance', 'Financial review');
      assert(await page.$('#next-step:has-text("Next: Executive review →")'), 'on to the executive review');

      // A what-if saved as a scenario and promoted: the decisions log says so.
      await page.click('nav.steps a[href="#/demand"]');
      await page.click('.tree button[data-family="EBIKE"]');
      await page.fill('#change-amount', '10');
      await page.fill('#change-reason', 'Meeting: e-bike upside');
      await page.click('#change-apply');
      await page.waitForSelector('.plan-picker .what-if');
      for (const slug of ['supply', 'finance', 'executive']) {
        await page.click('#next-step');
        await page.waitForSelector(`section.step.${slug}`);
      }
      await page.fill('#scenario-name', 'Upside');
      await page.click('#save-scenario');
      await page.click('.scenario-list li[data-scenario="Upside"] button.promote');
      await page.waitForSelector('.decision-list li:has-text("Scenario “Upside” promoted to the base plan")');
      await noSideways(page, 'executive');

      // 5. Approve, naming the approver (the dialog offers the name of this browser).
      await page.click('#approve');
      assert((await page.inputValue('#approver-name')) === 'Ada Lovelace', 'the approver field starts with the name of this browser');
      await page.fill('#approver-name', '');
      await page.click('#approve-confirm');
      await page.waitForSelector('.approval .problem:has-text("name who approves")');
      await page.fill('#approver-name', 'Grace Hopper');
      await page.click('#approve-confirm');
      await page.waitForSelector('.topbar .cycle:has-text("Approved")');
      assert((await page.textContent('.approved-note')).includes('by Grace Hopper'), await page.textContent('.approved-note'));
      await page.waitForSelector('.decision-list li:has-text("Plan approved by Grace Hopper")');
      assert(await page.$eval('nav.steps a[href="#/executive"]', (a) => a.classList.contains('signed')), 'the executive step is ticked');
      await page.screenshot({ path: path.join(OUT, 'meeting-1024-approved.png') });

      // The backup holds every record.
      await page.waitForSelector('.save[data-state="saved"]');
      const { backup } = await exportBackup(page);
      const cycle = backup.cycles[backup.cycles.length - 1];
      assert(JSON.stringify(cycle.signoffs.map((s) => s.stage)) === JSON.stringify(['data', 'demand', 'supply', 'finance', 'executive']), 'five sign-offs: ' + JSON.stringify(cycle.signoffs));
      assert(cycle.signoffs.slice(0, 4).every((s) => s.by === 'Ada Lovelace' && /^\d{4}-\d\d-\d\d \d\d:\d\d$/.test(s.at)), 'who and when');
      assert(cycle.signoffs[4].by === 'Grace Hopper' && cycle.frozen.approved_by === 'Grace Hopper', 'the approver is named');
      assertOnlyOrigin(log, server.origin);
      assertNoErrors(log);
    } finally { await context.close(); }
  }],
]);

server.stop();
