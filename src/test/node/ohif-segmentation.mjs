// Saves a segmentation from OHIF into MIST and opens it again: in Debian's Chromium, OHIF's segmentation mode
// opens the study, a label map is added and painted with the brush, and "Export > DICOM SEG > Save" sends it to
// MIST by STOW-RS (the part sent is written to segFile, for the caller to compare with what MIST gives back).
// After a reload the study browser shows the segmentation's series; opened, its segment is listed again.
// Usage: node ohif-segmentation.mjs '<json: viewer, mist, study, name, segFile, screenshot>'. Exits 1 with the reason.
import { writeFileSync } from 'node:fs';
import { withChromium } from './browser.mjs';
import { cy, dragOnViewport, openStudy, waitForEntry } from './ohif-page.mjs';

const expect = JSON.parse(process.argv[2]);
const url = `${expect.viewer}/segmentation?StudyInstanceUIDs=${expect.study}`;

/** The first part of a multipart/related body. */
function firstPart(body, contentType) {
  const boundary = Buffer.from('--' + /boundary="?([^";]+)"?/.exec(contentType)[1]);
  const start = body.indexOf(boundary);
  const headersEnd = body.indexOf('\r\n\r\n', start);
  const end = body.indexOf(Buffer.concat([Buffer.from('\r\n'), boundary]), headersEnd);
  return body.subarray(headersEnd + 4, end);
}

await withChromium(async browser => {
  const errors = [];
  const stows = [];
  const onPost = r => {
    writeFileSync(expect.segFile, firstPart(r.request().postDataBuffer(), r.request().headers()['content-type']));
    stows.push(`${r.status()} ${r.url()}`);
  };
  const page = await openStudy(browser, url, expect.mist, errors, onPost);
  await page.locator(cy('addSegmentation')).click({ timeout: 30000 });
  await page.locator(cy('Brush-btn')).click();
  await dragOnViewport(page, [[-40, 0], [40, 0], [40, 30]]);
  console.log('ok   a label map is painted with the brush');
  await page.locator(cy('segmentation-collapsed-more-btn-Labelmap')).click();
  await page.getByText('Export', { exact: true }).hover();
  await page.getByText('DICOM SEG', { exact: true }).click();
  await page.locator(cy('dialog-input')).fill(expect.name);
  await page.getByRole('button', { name: 'Save' }).click();
  await waitForEntry(page, stows);
  if (stows.length !== 1 || !stows[0].startsWith('200 ')) throw new Error('the segmentation was not stored by STOW-RS: ' + stows);
  console.log(`ok   OHIF sent the segmentation to MIST: POST ${stows[0]}`);
  await page.close();

  const again = await openStudy(browser, url, expect.mist, errors, onPost);
  const seg = again.getByText(expect.name, { exact: true }).first();
  await seg.waitFor({ timeout: 60000 });
  console.log('ok   after a reload the study browser shows the segmentation');
  await seg.dblclick();
  await again.getByRole('button', { name: 'Yes' }).click({ timeout: 30000 });
  await again.locator(cy('data-row-title')).filter({ hasText: 'Segment 1' }).first().waitFor({ timeout: 30000 });
  await again.waitForTimeout(1000);
  await again.screenshot({ path: expect.screenshot });
  console.log('ok   the segmentation opens from MIST with its segment listed');
  if (errors.length) throw new Error('errors on the way: ' + errors.slice(0, 5).join(' | '));
  console.log('all checks passed');
});
