// Saves a measurement from OHIF into MIST and reads it back: in Debian's Chromium, the viewer MIST serves opens
// the study, the Length tool draws a line on the image, the measurement is tracked and saved with "Create SR",
// which OHIF sends to MIST by STOW-RS. After a reload the study browser shows the report's series; opened and
// taken up again ("continue tracking"), its measurement is listed with the length it was saved with.
// Usage: node ohif-report.mjs '<json: viewer, mist, study, reportName, screenshot>'. Exits 1 with the reason.
import { withChromium } from './browser.mjs';

const expect = JSON.parse(process.argv[2]);
const cy = name => `[data-cy="${name}"]`;

async function open(browser, errors, stows) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', e => errors.push('page error: ' + e.message));
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text().slice(0, 300)); });
  page.on('response', r => {
    if (r.url().startsWith(expect.mist) && r.status() >= 400) errors.push(`MIST answered ${r.status()}: ${r.url()}`);
    if (r.request().method() === 'POST' && r.url().startsWith(expect.mist)) stows.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(`${expect.viewer}?StudyInstanceUIDs=${expect.study}`);
  await page.locator(cy('viewport-pane')).waitFor({ timeout: 60000 });
  // The first visit's tour and notice, when they show
  await page.getByText('Skip all').click({ timeout: 8000 }).catch(() => {});
  await page.getByText('Confirm and hide').click({ timeout: 2000 }).catch(() => {});
  return page;
}

async function listedLength(page) {
  await page.locator(cy('trackedMeasurements-btn')).click();
  const row = page.locator(cy('data-row-details-primary')).first();
  await row.waitFor({ timeout: 30000 });
  return (await row.innerText()).trim();
}

await withChromium(async browser => {
  const errors = [];
  const stows = [];
  const page = await open(browser, errors, stows);
  await page.locator(cy('Length-btn')).click();
  const box = await page.locator(cy('viewport-pane')).boundingBox();
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  await page.mouse.move(x - 100, y - 50);
  await page.mouse.down();
  await page.mouse.move(x + 100, y + 50, { steps: 20 });
  await page.mouse.up();
  await page.locator(cy('prompt-begin-tracking-yes-btn')).click({ timeout: 30000 });
  const drawn = await listedLength(page);
  console.log(`ok   a length of ${drawn} is drawn and tracked`);
  await page.getByText('Create SR').click();
  await page.locator(cy('dialog-input')).fill(expect.reportName);
  await page.getByRole('button', { name: 'Save' }).click();
  for (let i = 0; i < 60 && stows.length === 0; i++) await page.waitForTimeout(500);
  if (stows.length !== 1 || !stows[0].startsWith('200 ')) throw new Error('the report was not stored by STOW-RS: ' + stows);
  console.log(`ok   OHIF sent the report to MIST: POST ${stows[0]}`);
  await page.close();

  const again = await open(browser, errors, stows);
  const report = again.locator(cy('study-browser-thumbnail-no-image')).filter({ hasText: expect.reportName });
  await report.waitFor({ timeout: 60000 });
  console.log('ok   after a reload the study browser shows the report');
  await report.dblclick();
  await again.locator(cy('yes-hydrate-btn')).click({ timeout: 30000 });
  const listed = await listedLength(again);
  await again.screenshot({ path: expect.screenshot });
  if (listed !== drawn) throw new Error(`the report lists ${listed}, the length drawn was ${drawn}`);
  console.log(`ok   the measurement is listed from the stored report: ${listed}`);
  if (errors.length) throw new Error('errors on the way: ' + errors.slice(0, 5).join(' | '));
  console.log('all checks passed');
});
