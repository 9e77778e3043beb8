// MIST's home page in Debian's Chromium: the stores table, a folder upload (each file's result), the series of a
// store with its levels, and the export builder's estimate. Fails on any console error or failed request other
// than the refusal of the one file that is not an image.
// Usage: node home-page.mjs '<json: base, folder, store, screenshot>'. Prints JSON results on the last line.
import { withChromium } from './browser.mjs';

const args = JSON.parse(process.argv[2]);
const out = {};
await withChromium(async browser => {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1200 } });
  const errors = [];
  // A refused upload is an answer the page shows, not an error; Chromium logs every 4xx as one, so the
  // requests are checked one by one instead of those messages.
  page.on('console', m => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push('console: ' + m.text());
  });
  page.on('response', r => {
    if (r.status() >= 400 && !r.url().includes('/ingest?name=dataset%2Fnotes.txt')) errors.push(`${r.status()} ${r.url()}`);
  });
  page.on('pageerror', e => errors.push('page: ' + e.message));
  await page.goto(args.base);
  out.storesBefore = await page.locator('#stores tr[data-store]').evaluateAll(rows => rows.map(r => r.dataset.store));

  // Upload the folder into the store, one result per file.
  await page.fill('#upload-store', args.store);
  await page.setInputFiles('#pick', args.folder);
  await page.waitForFunction(() => document.getElementById('drop').dataset.done, null, { timeout: 120000 });
  out.uploads = await page.locator('#uploads tr').evaluateAll(rows => rows.map(r => [r.cells[0].textContent, r.cells[1].textContent]));

  // The store now appears; its series, and the levels of one.
  await page.reload();
  out.storesAfter = await page.locator('#stores tr[data-store]').evaluateAll(rows => rows.map(r => r.dataset.store));
  await page.click(`a.store[data-store="${args.store}"]`);
  await page.locator('#series tr[data-series]').first().waitFor();
  out.series = await page.locator('#series tr[data-series]').count();
  await page.locator('#series tr[data-series] a', { hasText: 'levels' }).first().click();
  await page.locator('#levels figure img').first().waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('#levels img')].every(i => i.complete && i.naturalWidth > 0));
  out.levels = await page.locator('#levels figcaption').allTextContents();

  // The export builder: PNG at 64 px of the whole store.
  await page.fill('#export input[name=store]', args.store);
  await page.selectOption('#export select[name=format]', 'png');
  await page.fill('#export input[name=resolution]', '64');
  await page.click('#export button');
  await page.locator('#download:not([hidden])').waitFor();
  out.estimate = await page.locator('#estimate').textContent();
  out.bytesToRead = Number(await page.locator('#estimate').getAttribute('data-bytes-to-read'));
  out.download = await page.locator('#download').getAttribute('href');
  await page.screenshot({ path: args.screenshot, fullPage: true });
  if (errors.length) throw new Error(errors.join('; '));
});
console.log(JSON.stringify(out));
