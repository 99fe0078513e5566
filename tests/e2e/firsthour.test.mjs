// The first hour of a newcomer: the first visit opens on an overview with the agenda
// and two ways in; the demo workshop guides each step (what to look at, what to try);
// "Start with my data" leads to the templates and the import; forms start neutral (the
// change-demand form is empty, its Apply off); S&OP terms explain themselves (title and
// aria-describedby from one glossary).
import { serveDist, launch, openPage, assert, assertOnlyOrigin, assertNoErrors, run, OUT } from './harness.mjs';
import path from 'node:path';

const server = await serveDist();

await run([
  ['a first visit opens on the overview; the demo workshop guides every step; my data leads to the import', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openPage(context, server.url);
      await page.setViewportSize({ width: 1024, height: 768 });
      await page.waitForSelector('section.step.overview');
      const agenda = await page.$$eval('.agenda li a', (a) => a.map((x) => x.textContent.trim()));
      assert(JSON.stringify(agenda) === JSON.stringify(['Data', 'Demand review', 'Supply review', 'Financial review', 'Executive review']), 'the agenda: ' + agenda);
      assert((await page.$$eval('.agenda li .state', (s) => s.map((x) => x.textContent))).every((t) => t === 'not signed off yet'), 'nothing signed off yet');
      assert(await page.$('.meeting-bar') === null, 'no step bar on the overview');
      await page.screenshot({ path: path.join(OUT, 'firsthour-1024-overview.png') });

      await page.click('#start-demo');
      await page.waitForSelector('section.step.data');
      assert((await page.textContent('.topbar .workspace')).includes('(demo)'), 'the demo company');
      const guides = {};
      for (const slug of ['data', 'demand', 'supply', 'finance', 'executive']) {
        await page.click(`nav.steps a[href="#/${slug}"]`);
        await page.waitForSelector(`section.step.${slug}`);
        const text = await page.textContent('aside.guide');
        assert(text.includes('Look at') && text.includes('Try:'), `${slug}: the guide says what to look at and what to try: ${text}`);
        guides[slug] = text;
      }
      assert(new Set(Object.values(guides)).size === 5, 'a guide of its own for each step');
      // The guide stays across a reload until it is hidden.
      await page.reload();
      await page.waitForSelector('aside.guide');
      await page.click('aside.guide button');
      assert(await page.$('aside.guide') === null, 'the guide hides');

      // The brand leads back to the overview; "Start with my data" to the import.
      await page.click('.topbar a.brand');
      await page.waitForSelector('section.step.overview');
      await page.click('#start-own');
      await page.waitForSelector('section.step.data');
      assert((await page.textContent('.banner.notice')).includes('templates'), 'told how to bring their data');
      assert(await page.$('#import-files') && await page.$('#template-xlsx'), 'the import and the templates are on this step');
      assert(await page.$('aside.guide') === null, 'no demo guide for own data');
      // Own data gets a company of its own: the demo keeps its name and its data.
      await page.waitForFunction(() => document.querySelector('#workspace-select').selectedOptions[0]?.textContent === 'My company');
      assert((await page.textContent('.banner.notice')).includes('My company'), 'told which company it is');
      assert(await page.$$eval('#workspace-select option', (o) => o.some((x) => x.textContent.includes('(demo)'))), 'the demo is still there');
      assertOnlyOrigin(log, server.origin);
      assertNoErrors(log);
    } finally { await context.close(); }
  }],

  ['a new empty company: every step opens on it without an error; renamed, the name survives a reload', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openPage(context, server.url + '#/data', { forecast: false });
      const shown = () => page.$eval('#workspace-select', (s) => s.selectedOptions[0]?.textContent);
      await page.click('.workspace-menu .menu-button');
      await page.click('#new-company');
      assert((await page.textContent('.menu-form .error')).includes('needs a name'), 'an empty name is refused, said');
      await page.fill('#new-company-name', 'Acme Ltd');
      await page.press('#new-company-name', 'Enter');
      await page.waitForFunction(() => document.querySelector('#workspace-select').selectedOptions[0]?.textContent === 'Acme Ltd');
      await page.waitForSelector('.save[data-state="saved"]');
      assert(await page.$$eval('#table-products tbody tr', (r) => r.length) === 0, 'no products yet');
      for (const slug of ['data', 'demand', 'supply', 'finance', 'executive']) {
        await page.click(`nav.steps a[href="#/${slug}"]`);
        await page.waitForSelector(`section.step.${slug} h1`);
      }
      await page.click('.workspace-menu .menu-button');
      assert(await page.inputValue('#rename-workspace-name') === 'Acme Ltd', 'the rename field starts with the name');
      await page.fill('#rename-workspace-name', 'x'.repeat(81));
      await page.click('#rename-workspace');
      assert((await page.textContent('.menu-form .error')).includes('80'), 'a too long name is refused, said');
      await page.fill('#rename-workspace-name', '  Acme Limited ');
      await page.click('#rename-workspace');
      await page.waitForFunction(() => document.querySelector('#workspace-select').selectedOptions[0]?.textContent === 'Acme Limited');
      await page.waitForSelector('.save[data-state="saved"]');
      await page.reload();
      await page.waitForSelector('.save[data-state="saved"]');
      assert(await shown() === 'Acme Limited', 'renamed across a reload: ' + await shown());
      assert(await page.$$eval('#workspace-select option', (o) => o.length) === 2, 'the demo and Acme');
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],

  ['forms start neutral: the change-demand form is empty and changes nothing until a change is typed', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openPage(context, server.url + '#/demand');
      await page.click('.tree button[data-family="EBIKE"]');
      assert((await page.inputValue('#change-amount')) === '', 'no amount typed for the planner');
      assert(await page.isDisabled('#change-apply'), 'Apply waits for an amount');
      assert(await page.$('.plan-picker .what-if') === null, 'the plan is as it was');
      await page.fill('#change-amount', '0');
      await page.click('#change-apply');
      await page.waitForSelector('.change-demand .problem:has-text("changes nothing")');
      assert(await page.$('.plan-picker .what-if') === null, 'a change of 0 is not applied');
      await page.fill('#change-amount', '5');
      assert(!(await page.isDisabled('#change-apply')), 'an amount enables Apply');
      assertNoErrors(log);
    } finally { await context.close(); }
  }],

  ['S&OP terms explain themselves: consensus, RCCP, DSO, DPO, CCC, backlog, fill rate … from one glossary', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openPage(context, server.url + '#/demand');
      const found = {};
      for (const slug of ['demand', 'supply', 'finance', 'executive']) {
        await page.click(`nav.steps a[href="#/${slug}"]`);
        await page.waitForSelector(`section.step.${slug}`);
        const terms = await page.$$eval('main .term[aria-describedby]', (t) => t.map((x) => {
          const def = document.getElementById(x.getAttribute('aria-describedby'));
          return { id: x.getAttribute('aria-describedby'), title: x.title, def: def && def.textContent };
        }));
        for (const t of terms) {
          assert(t.def && t.def === t.title, `${slug}: the tooltip of ${t.id} is its definition`);
          found[t.id] = t.title;
        }
      }
      for (const id of ['consensus', 'pipeline', 'rccp', 'dso', 'dpo', 'dio', 'ccc', 'backlog', 'fill', 'overtime']) {
        assert(found['glossary-' + id], `the term ${id} is explained somewhere (found: ${Object.keys(found).join(', ')})`);
      }
      assert(found['glossary-ccc'].includes('DSO + DIO − DPO'), 'CCC is explained: ' + found['glossary-ccc']);
      assertNoErrors(log);
    } finally { await context.close(); }
  }],
]);

server.stop();
