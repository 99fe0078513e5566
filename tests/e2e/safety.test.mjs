// End-to-end: the import/export worker can die or hang, and the page copes: a zip bomb
// (an XLSX whose one cell inflates past 2 GB), a worker that crashes and one that never
// answers each end in a message, nothing stored changes, and the next import works.
// The forecasting worker crashing once (retried) and for good (a message), alone
// (?workers=1) and in a pool of two (each worker's chunk retried on its own).
// Crashes and hangs are played by copies of dist/ whose worker boot file wraps the real
// worker (no test hook in the shipped code).
import { serveDirs, launch, openPage, assert, assertOnlyOrigin, assertNoErrors, run, ROOT, OUT, SUBPATH } from './harness.mjs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

const dist = path.join(ROOT, 'dist');
if (!fs.existsSync(path.join(dist, 'index.html'))) {
  throw new Error('dist/index.html is missing: build the app first (trunk build --release)');
}
/** A copy of dist/ (links to its files) whose `file` is `text` instead. */
function double(file, text) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sop-double-'));
  for (const f of fs.readdirSync(dist)) fs.symlinkSync(path.join(dist, f), path.join(dir, f));
  fs.rmSync(path.join(dir, file));
  fs.writeFileSync(path.join(dir, file), text);
  return dir;
}
const doubles = {
  // The real import worker, except for files named crash… (the handler throws, as a trap
  // would) and hang… (no answer ever).
  'io-faulty': double('io-worker-boot.js', `
self.addEventListener('message', (ev) => {
  const names = (ev.data.files || []).map((f) => f.name).join(' ');
  if (/\\bcrash/.test(names)) { ev.stopImmediatePropagation(); throw new Error('simulated crash'); }
  if (/\\bhang/.test(names)) ev.stopImmediatePropagation();
});
importScripts('./io-worker.js');
wasm_bindgen({ module_or_path: './io-worker_bg.wasm' });
`),
};
// The real forecasting worker, except that it crashes (or never answers) on its first
// request: in the first worker of the browser profile only (once) or in every worker.
for (const [name, fail, once] of [['crash-once', 'crash', true], ['crash-always', 'crash', false], ['hang-once', 'hang', true]]) {
  doubles[`forecast-${name}`] = double('worker-boot.js', `
let fail = true;
self.addEventListener('message', (ev) => {
  if (!fail) return;
  ev.stopImmediatePropagation();
  if ('${fail}' === 'crash') throw new Error('simulated crash');
});
const start = () => {
  importScripts('./forecast-worker.js');
  wasm_bindgen({ module_or_path: './forecast-worker_bg.wasm' });
};
if (${once}) {
  caches.open('sop-test-double').then(async (c) => {
    fail = !(await c.match('failed'));
    if (fail) await c.put('failed', new Response('1'));
    start();
  });
} else start();
`);
}
const mount = SUBPATH.replaceAll('/', '');
const server = await serveDirs({ [mount]: dist, ...doubles });
const faultyUrl = server.origin + '/io-faulty/#/data';

/** A zip of `entries` ([name, [Buffer chunks of deflate-raw data], crc, size]). */
function zip(entries) {
  const parts = [];
  const central = [];
  let offset = 0;
  for (const [name, chunks, crc, size] of entries) {
    const n = Buffer.from(name);
    const csize = chunks.reduce((s, c) => s + c.length, 0);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0); head.writeUInt16LE(20, 4); head.writeUInt16LE(8, 8);
    head.writeUInt32LE(crc >>> 0, 14); head.writeUInt32LE(csize, 18); head.writeUInt32LE(size, 22);
    head.writeUInt16LE(n.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0); cd.writeUInt16LE(20, 4); cd.writeUInt16LE(20, 6); cd.writeUInt16LE(8, 10);
    cd.writeUInt32LE(crc >>> 0, 16); cd.writeUInt32LE(csize, 20); cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(n.length, 28); cd.writeUInt32LE(offset, 42);
    central.push(cd, n);
    parts.push(head, n, ...chunks);
    offset += 30 + n.length + csize;
  }
  const cdSize = central.reduce((s, c) => s + c.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdSize, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}

const small = (name, text) => {
  const b = Buffer.from(text);
  return [name, [zlib.deflateRawSync(b)], zlib.crc32(b), b.length];
};

/** An XLSX (sheet "products") whose one inline-string cell is `mib` MiB of "A": the
 * 1 MiB block is deflated once and repeated (full flushes make the blocks independent). */
function bombXlsx(mib) {
  const head = Buffer.from('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>');
  const tail = Buffer.from('</t></is></c></row></sheetData></worksheet>');
  const block = Buffer.alloc(1 << 20, 'A');
  const flush = { finishFlush: zlib.constants.Z_FULL_FLUSH };
  const packed = zlib.deflateRawSync(block, flush);
  let crc = zlib.crc32(head);
  for (let i = 0; i < mib; i++) crc = zlib.crc32(block, crc);
  crc = zlib.crc32(tail, crc);
  const chunks = [zlib.deflateRawSync(head, flush), ...Array(mib).fill(packed), zlib.deflateRawSync(tail)];
  const size = head.length + mib * block.length + tail.length;
  const ns = 'http://schemas.openxmlformats.org';
  return zip([
    small('[Content_Types].xml', `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="${ns}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`),
    small('_rels/.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    small('xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${ns}/spreadsheetml/2006/main" xmlns:r="${ns}/officeDocument/2006/relationships"><sheets><sheet name="products" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    small('xl/_rels/workbook.xml.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${ns}/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`),
    ['xl/worksheets/sheet1.xml', chunks, crc, size],
  ]);
}

function write(name, data) {
  const p = path.join(OUT, 'import', name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, data);
  return p;
}

const resources = 'Name;ID;Cost per hour;Regular hours;Overtime hours;Overtime premium;Crew\n' +
  'Frame welding;WELD;48,00;1.900;280;24;1\n' +
  'Paint shop;PAINT;42,00;1.250;180;21;0,5\n' +
  'Assembly line;ASSY;38,00;4.100;600;19;1\n' +
  'Wheel building;WHEEL;36,00;950;140;18;1\n';
const assyHours = '#table-resources tr[data-id="ASSY"] input[aria-label="Regular hours / month of ASSY"]';

/** Imports `file`; resolves with the problems listed, or fails after `ms`. */
async function problems(page, file, ms) {
  await page.setInputFiles('#import-files', file);
  await page.waitForSelector('#import-errors li', { timeout: ms });
  return page.$$eval('#import-errors li', (li) => li.map((x) => x.textContent));
}

/** How many import workers the page started (each loads io-worker-boot.js). */
const workerStarts = (log) => log.requests.filter((u) => u.endsWith('/io-worker-boot.js')).length;

/** How many forecasting workers the page started. */
const forecastStarts = (log) => log.requests.filter((u) => u.endsWith('/worker-boot.js') && !u.endsWith('io-worker-boot.js')).length;

/** The valid resources file imports and applies: the panel works again. */
async function validImportWorks(page) {
  await page.setInputFiles('#import-files', write('resources-ok.csv', resources));
  await page.waitForSelector('#import-ready', { timeout: 30000 });
  await page.click('#import-apply');
  await page.waitForSelector('.save[data-state="saved"]');
  assert(await page.inputValue(assyHours) === '4100', 'the valid import applied');
}

// Errors the page's console shows on purpose: the worker's own report of its crash.
const expected = (e) => /simulated crash|import worker|unreachable|memory|RuntimeError|panicked|capacity overflow/i.test(e);

await run([
  ['an XLSX that inflates past 2 GB ends in a message, nothing changes, the next import works', async () => {
    const bomb = write('bomb.xlsx', bombXlsx(2200));
    const { context } = await launch();
    try {
      const { page, log } = await openPage(context, server.url + '#/data');
      const before = await page.inputValue(assyHours);
      const t0 = Date.now();
      const errs = await problems(page, bomb, 30000);
      const secs = (Date.now() - t0) / 1000;
      console.log(`     bomb: ${fs.statSync(bomb).size} bytes on disk; message after ${secs.toFixed(1)} s: ${errs.join(' | ')}`);
      assert(errs.length === 1 && /bomb\.xlsx|stopped|too large|inflat/i.test(errs[0]), 'one clear message: ' + errs.join(' | '));
      assert(errs[0].includes('Nothing was changed') || errs[0].includes('bomb.xlsx'), 'says nothing changed or names the file: ' + errs[0]);
      assert(await page.$('.busy') === null, 'no "Checking…" left');
      assert(await page.inputValue(assyHours) === before, 'nothing imported');
      await page.screenshot({ path: path.join(OUT, 'import-bomb.png') });
      // The worker crashed (restarted for the next import), or the reader refused the file.
      const crashed = errs[0].startsWith('The import stopped');
      const started = workerStarts(log);
      await validImportWorks(page);
      assert(workerStarts(log) === started + (crashed ? 1 : 0), 'a new worker only after a crash');
      await page.reload();
      await page.waitForSelector('.save[data-state="saved"]', { timeout: 30000 });
      assert(await page.inputValue(assyHours) === '4100', 'stored data is the valid import');
      log.errors = log.errors.filter((e) => !expected(e));
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],

  ['a crashing import worker: a message at once, stored data unchanged, a new worker for the next import', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openPage(context, faultyUrl);
      const before = await page.inputValue(assyHours);
      const errs = await problems(page, write('crash.csv', resources), 10000);
      assert(errs.length === 1 && errs[0] === 'The import stopped: the file could not be processed (the import worker ran out of memory or crashed). Nothing was changed.', errs.join(' | '));
      assert(await page.inputValue(assyHours) === before, 'nothing imported');
      await page.reload();
      await page.waitForSelector('.save[data-state="saved"]', { timeout: 30000 });
      assert(await page.inputValue(assyHours) === before, 'nothing stored');
      await problems(page, write('crash.csv', resources), 10000);
      const started = workerStarts(log);
      await validImportWorks(page);
      assert(workerStarts(log) === started + 1, 'a new worker for the next import');
      log.errors = log.errors.filter((e) => !expected(e));
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],

  ['an import worker that never answers: after 120 s (a fake clock) a message, the worker is replaced', async () => {
    const { context } = await launch();
    try {
      await context.clock.install();
      const { page, log } = await openPage(context, faultyUrl);
      const before = await page.inputValue(assyHours);
      await page.setInputFiles('#import-files', write('hang.csv', resources));
      await page.waitForSelector('.busy:text("Checking")');
      await page.clock.runFor(60000);
      assert(await page.$('#import-errors li') === null, 'still waiting after 60 s');
      await page.clock.runFor(61000);
      await page.waitForSelector('#import-errors li', { timeout: 5000 });
      const errs = await page.$$eval('#import-errors li', (li) => li.map((x) => x.textContent));
      assert(errs.length === 1 && errs[0].startsWith('The import stopped: no answer after 120 s') && errs[0].endsWith('Nothing was changed.'), errs.join(' | '));
      assert(await page.inputValue(assyHours) === before, 'nothing imported');
      const started = workerStarts(log);
      await validImportWorks(page);
      assert(workerStarts(log) === started + 1, 'the silent worker was replaced');
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],

  ['a forecasting worker that crashes once: the request goes to a new worker, the forecast is ready', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openPage(context, server.origin + '/forecast-crash-once/?workers=1');
      assert(forecastStarts(log) === 2, 'one retry: ' + forecastStarts(log));
      assert(await page.$('.banner.error') === null, 'no error shown');
      log.errors = log.errors.filter((e) => !expected(e));
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],

  ['a forecasting worker that always crashes: retried once, then a message (no endless "forecasting")', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openPage(context, server.origin + '/forecast-crash-always/?workers=1', { forecast: false });
      await page.waitForSelector('.banner.error', { timeout: 15000 });
      const msg = await page.textContent('.banner.error');
      assert(msg.includes('The statistical forecast stopped: the forecasting worker failed twice'), msg);
      assert(forecastStarts(log) === 2, 'one retry, no more: ' + forecastStarts(log));
      assert(await page.getAttribute('.forecast', 'data-state') !== 'running', 'not "forecasting" forever');
      log.errors = log.errors.filter((e) => !expected(e));
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],

  ['a pool of two forecasting workers that each crash once: each chunk goes to a new worker, the forecast is ready', async () => {
    const { context } = await launch();
    try {
      // Both workers may fail once (each checks the profile's "failed" mark on its own).
      const { page, log } = await openPage(context, server.origin + '/forecast-crash-once/?workers=2');
      const starts = forecastStarts(log);
      assert(starts === 3 || starts === 4, 'one new worker per failed one: ' + starts);
      assert(await page.$('.banner.error') === null, 'no error shown');
      assert(await page.$('#waterfall td.calculating, .kpi.calculating') === null, 'every baseline arrived');
      log.errors = log.errors.filter((e) => !expected(e));
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],

  ['a pool of two forecasting workers that always crash: each retried once, then a message', async () => {
    const { context } = await launch();
    try {
      const { page, log } = await openPage(context, server.origin + '/forecast-crash-always/?workers=2', { forecast: false });
      await page.waitForSelector('.banner.error', { timeout: 15000 });
      const msg = await page.textContent('.banner.error');
      assert(msg.includes('The statistical forecast stopped: the forecasting worker failed twice'), msg);
      await page.waitForTimeout(1000);
      assert(forecastStarts(log) <= 4, 'one retry per worker, no more: ' + forecastStarts(log));
      assert(await page.getAttribute('.forecast', 'data-state') !== 'running', 'not "forecasting" forever');
      log.errors = log.errors.filter((e) => !expected(e));
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],

  ['a forecasting worker that goes silent: after 60 s (a fake clock) a new worker, the forecast is ready', async () => {
    const { context } = await launch();
    try {
      await context.clock.install();
      const { page, log } = await openPage(context, server.origin + '/forecast-hang-once/?workers=1', { forecast: false });
      await page.waitForSelector('.forecast[data-state="running"]');
      await page.clock.runFor(40000);
      assert(forecastStarts(log) === 1, 'still the first worker after 40 s');
      await page.clock.runFor(40000);
      await page.waitForSelector('.forecast[data-state="ready"]', { timeout: 15000 });
      assert(forecastStarts(log) === 2, 'one new worker: ' + forecastStarts(log));
      assert(await page.$('.banner.error') === null, 'no error shown');
      assertNoErrors(log);
      assertOnlyOrigin(log, server.origin);
    } finally { await context.close(); }
  }],
]);

server.stop();
for (const dir of Object.values(doubles)) fs.rmSync(dir, { recursive: true, force: true });
