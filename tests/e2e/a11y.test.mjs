// Accessibility: every cycle step audited with axe-core (WCAG 2 A/AA rules) in headless
// Chromium; serious and critical findings fail the test, others are printed.
import { serveDist, launch, openPage, watch, newLog, assert, assertNoErrors, run, ROOT } from './harness.mjs';
import fs from 'node:fs';
import path from 'node:path';

const server = await serveDist();
const axe = fs.readFileSync(path.join(ROOT, 'tests/e2e/node_modules/axe-core/axe.min.js'), 'utf8');

async function audit(page, where) {
  // Evaluated through the DevTools protocol (not a script tag), so the page's CSP stays as it is.
  await page.evaluate(axe);
  const res = await page.evaluate(async () =>
    await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] }, resultTypes: ['violations'] }));
  const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of res.violations) {
    console.log(`     ${where}: ${v.impact} ${v.id} (${v.nodes.length}) ${v.help}`);
    if (bad.includes(v)) for (const n of v.nodes.slice(0, 3)) console.log(`        ${n.target.join(' ')}: ${n.failureSummary?.split('\n')[1] ?? ''}`);
  }
  return bad;
}

await run([
  ['every step passes the WCAG 2 A/AA rules of axe-core (no serious or critical finding)', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openPage(context, server.url + '#/demand');
      const failures = [];
      for (const slug of ['data', 'demand', 'supply', 'finance', 'executive']) {
        await page.click(`nav.steps a[href="#/${slug}"]`);
        await page.waitForSelector(`section.step.${slug}`);
        await page.waitForTimeout(300);
        const bad = await audit(page, slug);
        failures.push(...bad.map((v) => `${slug}: ${v.id} (${v.nodes.length})`));
      }
      // The overview a first visit opens on.
      await page.click('.topbar a.brand');
      await page.waitForSelector('section.step.overview');
      failures.push(...(await audit(page, 'overview')).map((v) => `overview: ${v.id} (${v.nodes.length})`));
      // The workspace menu open (its controls sit on white, not on the top bar's blue),
      // and the restore dialog.
      await page.click('.workspace-menu .menu-button');
      failures.push(...(await audit(page, 'workspace menu')).map((v) => `menu: ${v.id} (${v.nodes.length})`));
      await page.click('.workspace-menu .menu-button');
      assert(failures.length === 0, 'serious/critical accessibility findings: ' + failures.join(', '));
      assertNoErrors(log);
    } finally { await context.close(); }
  }],

  ['at 1280×720 (a projector) no step scrolls sideways; wide tables scroll inside their box', async () => {
    const { context } = await launch();
    try {
      const page = await context.newPage();
      const log = newLog();
      watch(page, log);
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.goto(server.url + '#/demand');
      await page.waitForSelector('.forecast[data-state="ready"]', { timeout: 30000 });
      for (const slug of ['data', 'demand', 'supply', 'finance', 'executive']) {
        await page.click(`nav.steps a[href="#/${slug}"]`);
        await page.waitForSelector(`section.step.${slug}`);
        const [sw, w] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
        assert(sw <= w, `${slug}: page is ${sw} px wide in a ${w} px window`);
        await page.screenshot({ path: path.join(ROOT, 'test-output', `projector-${slug}.png`) });
      }
      assertNoErrors(log);
    } finally { await context.close(); }
  }],
]);

server.stop();
