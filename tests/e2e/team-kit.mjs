// What the team tests (change files, live sync) do with the Team panel: open it, say who
// is working, send and merge change files, read its status, type a cell, read the open
// cycle from a backup.
import { exportBackup } from './harness.mjs';
import path from 'node:path';

export async function panel(page) {
  if (!(await page.$('.team-panel'))) await page.click('#team-button');
  await page.waitForSelector('.team-panel');
}

/** Sets this browser's person: `name`, `role`. */
export async function iAm(page, name, role) {
  await panel(page);
  await page.fill('#team-name', name);
  await page.selectOption('#team-role', role);
  await page.click('#team-save-person');
  await page.waitForSelector('#team-person:has-text("' + name + ' (' + role + ')")');
}

export const statusText = (page) => page.evaluate(() => document.querySelector('#team-status')?.textContent ?? '');

/** Status text of the team panel once it differs from `before` and matches `re`. */
export async function status(page, re, before = '') {
  await page.waitForFunction(([src, before]) => {
    const t = document.querySelector('#team-status')?.textContent ?? '';
    return t !== before && new RegExp(src).test(t);
  }, [re.source, before], { timeout: 30000 });
  return statusText(page);
}

/** "Send my changes" (or everything) saved as `dir/name.sopchanges`; its path. */
export async function send(page, dir, name, everything = false) {
  await panel(page);
  const before = await statusText(page);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(everything ? '#team-send-all' : '#team-send')]);
  const file = path.join(dir, name + '.sopchanges');
  await dl.saveAs(file);
  await status(page, /Saved/, before);
  return file;
}

/** "Merge changes" with `file`; the status once it matches `expect`. */
export async function merge(page, file, expect) {
  await panel(page);
  const before = await statusText(page);
  await page.setInputFiles('#team-merge', file);
  return status(page, expect, before);
}

export async function typeCell(page, id, text) {
  const c = page.locator(id);
  await c.fill(text);
  await c.press('Enter');
}

/** The JSON of the open workspace's newest cycle, from a backup. */
export async function cycleOf(page) {
  const { backup } = await exportBackup(page);
  await page.keyboard.press('Escape');
  return JSON.stringify(backup.cycles[backup.cycles.length - 1]);
}
