// Saves a measurement from OHIF into MIST and reads it back: in Debian's Chromium, the viewer MIST serves opens
// the study, the Length tool draws a line on the image, the measurement is tracked and saved with "Create SR",
// which OHIF sends to MIST by STOW-RS. After a reload the study browser shows the report's series; opened and
// taken up again ("continue tracking"), its measurement is listed with the length it was saved with.
// Usage: node ohif-report.mjs '<json: viewer, mist, study, reportName, screenshot>'. Exits 1 with the reason.
import { withChromium } from './browser.mjs';
import { cy, dragOnViewport, openStudy, waitForEntry } from './ohif-page.mjs';

const expect = JSON.parse(process.argv[2]);
const url = `${expect.viewer}?StudyInstanceUIDs=${expect.study}`;

async function listedLength(page) {
  await page.locator(cy('trackedMeasurements-btn')).click();
  const row = page.locator(cy('data-row-details-primary')).first();
  await row.waitFor({ timeout: 30000 });
  return (await row.innerText()).trim();
}

await withChromium(async browser => {
  const errors = [];
  const stows = [];
  const onPost = r => stows.push(`${r.status()} ${r.url()}`);
  const page = await openStudy(browser, url, expect.mist, errors, onPost);
  await page.locator(cy('Length-btn')).click();
  await dragOnViewport(page, [[-100, -50], [100, 50]]);
  await page.locator(cy('prompt-begin-tracking-yes-btn')).click({ timeout: 30000 });
  const drawn = await listedLength(page);
  console.log(`ok   a length of ${drawn} is drawn and tracked`);
  await page.getByText('Create SR').click();
  await page.locator(cy('dialog-input')).fill(expect.reportName);
  await page.getByRole('button', { name: 'Save' }).click();
  await waitForEntry(page, stows);
  if (stows.length !== 1 || !stows[0].startsWith('200 ')) throw new Error('the report was not stored by STOW-RS: ' + stows);
  console.log(`ok   OHIF sent the report to MIST: POST ${stows[0]}`);
  await page.close();

  const again = await openStudy(browser, url, expect.mist, errors, onPost);
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
