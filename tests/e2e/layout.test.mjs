// Projector-proof layout: every step of the demo at 1024×768, 1280×720 and 1920×1080,
// in the plain demo and with a what-if and a scenario showing in the top bar. Fails on
//  - horizontal page overflow (document scrollWidth > clientWidth),
//  - cut text: a button, a KPI tile or the save indicator whose text is wider than its box,
//  - low contrast: an enabled button's (or step link's) text against its own effective
//    background below the WCAG AA 4.5:1 (disabled controls are exempt, WCAG 1.4.3),
//  - table text under 14 px, a top bar taller than one line from 1280 px up,
//  - a wide grid whose first column or header does not stay in view when it scrolls.
// Screenshots: test-output/layout-<width>-<step>[-scenario].png.
import { serveDist, launch, openPage, assert, assertNoErrors, run, OUT } from './harness.mjs';
import path from 'node:path';

const server = await serveDist();
const SIZES = [[1024, 768], [1280, 720], [1920, 1080]];
const STEPS = ['overview', 'data', 'demand', 'supply', 'finance', 'executive'];

async function go(page, slug) {
  await page.click(slug === 'overview' ? '.topbar a.brand' : `nav.steps a[href="#/${slug}"]`);
  await page.waitForSelector(`section.step.${slug}`);
  // Charts draw a frame later and resize with the window.
  await page.waitForTimeout(400);
}

/** Everything the page gets wrong at this size, as a list of readable findings. */
function findings() {
  const out = [];
  const de = document.documentElement;
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    if (r.width <= 1 || r.height <= 1) return false;
    const s = getComputedStyle(el);
    return s.visibility !== 'hidden' && s.display !== 'none';
  };
  const name = (el) => {
    const id = el.id ? '#' + el.id : '';
    const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
    const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return `${el.tagName.toLowerCase()}${id}${cls} "${text}"`;
  };

  // 1. The page never scrolls sideways; name the widest culprits.
  if (de.scrollWidth > de.clientWidth) {
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => visible(el) && el.getBoundingClientRect().right > de.clientWidth + 1)
      .filter((el) => ![...el.children].some((c) => c.getBoundingClientRect().right > de.clientWidth + 1));
    out.push(`page scrolls sideways: ${de.scrollWidth} px in ${de.clientWidth} px (${wide.slice(0, 4).map(name).join('; ')})`);
  }

  // 2. Cut text: wider than its box (clipped, ellipsis, or spilling onto its neighbour).
  const cutSel = 'button, .save, .kpi, .kpi-value, .kpi-label, .kpi-sub, .kpi dt, .kpi dd, .topbar .cycle';
  for (const el of document.querySelectorAll(cutSel)) {
    if (!visible(el) || getComputedStyle(el).display === 'inline') continue;
    if (el.closest('.sr-only, .chart')) continue;
    if (el.scrollWidth > el.clientWidth + 1) out.push(`cut text (${el.scrollWidth} > ${el.clientWidth} px): ${name(el)}`);
  }

  // 3. Contrast of every enabled button's text against its own effective background.
  const rgba = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => { // top composited over an opaque `under`
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat(1);
  };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    return layers.reverse().reduce((under, top) => over(top, under), [255, 255, 255, 1]);
  };
  const lum = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const controls = 'button, [role="button"], [role="menuitem"], [role="menuitemradio"], nav.steps a';
  for (const ctl of document.querySelectorAll(controls)) {
    if (!visible(ctl) || ctl.disabled || ctl.getAttribute('aria-disabled') === 'true') continue;
    if (ctl.closest('.sr-only')) continue;
    for (const el of [ctl, ...ctl.querySelectorAll('*')]) {
      const hasText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
      if (!hasText || !visible(el)) continue;
      const bg = background(el);
      let opacity = 1;
      for (let e = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
      const fg = over(rgba(getComputedStyle(el).color), bg);
      const seen = over([...fg.slice(0, 3), opacity], bg);
      const r = ratio(seen, bg);
      if (r < 4.5) out.push(`contrast ${r.toFixed(2)}:1 < 4.5:1: ${name(el)} (rgb ${seen.slice(0, 3).map(Math.round)} on ${bg.slice(0, 3).map(Math.round)})`);
    }
  }

  // 4. Table text readable on a projector.
  for (const el of document.querySelectorAll('table td, table th, table input')) {
    if (!visible(el)) continue;
    const px = parseFloat(getComputedStyle(el).fontSize);
    if (px < 14) { out.push(`table text ${px} px < 14 px: ${name(el)}`); break; }
  }

  // 5. Wide or tall grids keep their first column and header in view as they scroll.
  for (const box of document.querySelectorAll('.table-scroll')) {
    if (!visible(box)) continue;
    const table = box.querySelector('table');
    // The first cell of the first row that has one per column (not a section heading).
    const first = [...(table?.querySelectorAll('tbody tr > :first-child') ?? [])].find((c) => c.colSpan === 1);
    const head = table?.querySelector('thead th');
    const left0 = box.scrollLeft;
    const top0 = box.scrollTop;
    if (first && box.scrollWidth > box.clientWidth + 1) {
      box.scrollLeft = box.scrollWidth;
      const gap = first.getBoundingClientRect().left - box.getBoundingClientRect().left;
      if (Math.abs(gap) > 2) out.push(`first column scrolls away (${Math.round(gap)} px): ${name(table)}`);
    }
    if (head && box.scrollHeight > box.clientHeight + 1) {
      box.scrollTop = box.scrollHeight;
      const gap = head.getBoundingClientRect().top - box.getBoundingClientRect().top;
      if (Math.abs(gap) > 2) out.push(`header scrolls away (${Math.round(gap)} px): ${name(table)}`);
    }
    box.scrollLeft = left0;
    box.scrollTop = top0;
  }

  // 6. One-line top bar from 1280 px up.
  const bar = document.querySelector('.topbar');
  if (de.clientWidth >= 1280 && bar && bar.getBoundingClientRect().height > 56) {
    out.push(`top bar wraps: ${Math.round(bar.getBoundingClientRect().height)} px high at ${de.clientWidth} px`);
  }
  return out;
}

async function checkAll(page, label, suffix = '') {
  const problems = [];
  for (const [w, h] of SIZES) {
    await page.setViewportSize({ width: w, height: h });
    for (const slug of STEPS) {
      await go(page, slug);
      const found = await page.evaluate(findings);
      problems.push(...found.map((f) => `${label} ${w}×${h} ${slug}: ${f}`));
      await page.screenshot({ path: path.join(OUT, `layout-${w}-${slug}${suffix}.png`) });
    }
  }
  return problems;
}

await run([
  ['every step fits 1024×768, 1280×720 and 1920×1080: no sideways scroll, no cut text, readable contrast', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openPage(context, server.url + '#/demand');
      const problems = await checkAll(page, 'demo');
      for (const p of problems) console.log('     ' + p);
      assert(problems.length === 0, `${problems.length} layout problems (listed above)`);
      assertNoErrors(log);
    } finally { await context.close(); }
  }],

  ['with a what-if and a scenario in the top bar: the bar stays on one line at 1280, nothing scrolls sideways at 1024', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openPage(context, server.url + '#/demand');
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.click('.tree button[data-family="EBIKE"]');
      await page.fill('#change-amount', '20');
      await page.fill('#change-reason', 'Layout check: e-bike upside');
      await page.click('#change-apply');
      await page.waitForSelector('.plan-picker .what-if');
      const edited = await page.evaluate(findings);
      await page.setViewportSize({ width: 1024, height: 768 });
      await page.waitForTimeout(400); // charts follow the window's resize event
      edited.push(...await page.evaluate(findings));
      await page.screenshot({ path: path.join(OUT, 'layout-1024-demand-edited.png') });
      await go(page, 'executive');
      await page.fill('#scenario-name', 'Upside with a long name for the top bar');
      await page.click('#save-scenario');
      await page.waitForSelector('.scenario-list li[data-scenario="Upside with a long name for the top bar"]');
      const problems = edited.map((f) => `base edited demand: ${f}`);
      problems.push(...await checkAll(page, 'scenario', '-scenario'));
      for (const p of problems) console.log('     ' + p);
      assert(problems.length === 0, `${problems.length} layout problems (listed above)`);
      assertNoErrors(log);
    } finally { await context.close(); }
  }],

  ['a 10,000-SKU company at 1024×768: compact money in the tiles, axis labels that fit, nothing cut or sideways', async () => {
    const { context } = await launch();
    try {
      const page = await context.newPage();
      await page.setViewportSize({ width: 1024, height: 768 });
      await page.goto(server.url + '?sample=10000#/finance');
      await page.waitForSelector('.forecast[data-state="ready"]', { timeout: 240000 });
      const problems = [];
      for (const slug of ['supply', 'finance', 'executive']) {
        await go(page, slug);
        problems.push(...(await page.evaluate(findings)).map((f) => `10,000 SKUs ${slug}: ${f}`));
        await page.screenshot({ path: path.join(OUT, `layout-1024-${slug}-10000.png`) });
      }
      // Money of this size reads compact on the tiles (the exact amount stays in data-value).
      const tile = await page.textContent('#kpi-revenue-vs-budget .kpi-value');
      const exact = Number(await page.getAttribute('#kpi-revenue-vs-budget .kpi-value', 'data-value'));
      if (Math.abs(exact) >= 1e7) assert(/ [MB]$/.test(tile), 'compact money on a tile: ' + tile);
      // The cash chart's value axis: its labels are inside the chart's box.
      await go(page, 'finance');
      const axis = await page.evaluate(() => {
        const chart = echarts.getInstanceByDom(document.querySelector('#cash-chart'));
        const grid = chart.getModel().getComponent('grid').coordinateSystem.getRect();
        return { x: grid.x, max: chart.getModel().getComponent('yAxis').axis.scale.getExtent()[1] };
      });
      assert(axis.max >= 1e7, 'a large cash axis: ' + axis.max);
      const widest = Math.round(axis.max).toLocaleString('en-US');
      assert(axis.x >= 8 + widest.length * 5, `the value axis leaves room for "${widest}": its grid starts at ${axis.x} px`);
      for (const p of problems) console.log('     ' + p);
      assert(problems.length === 0, `${problems.length} layout problems (listed above)`);
    } finally { await context.close(); }
  }],
]);

server.stop();
