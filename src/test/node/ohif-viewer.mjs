// Opens the OHIF viewer MIST serves (npm @ohif/app, at /viewer) in Debian's Chromium, and checks that the
// study list shows the study, that a deep link draws its images, that the image shown comes first from a lower
// level and then whole, that frames come as stored HTJ2K, and that nothing fails on the way (no answer of 400
// or more from MIST, no error on the console).
// Usage: node ohif-viewer.mjs '<json: viewer, mist, study, patientName, screenshot>'. Exits 1 with the reason.
import { viewportDrawn, withChromium } from './browser.mjs';

const expect = JSON.parse(process.argv[2]);
// The viewer MIST serves at /viewer (the published @ohif/app build, configured by MIST).
const app = expect.viewer;

await withChromium(async browser => {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const answers = {};
  const errors = [];
  page.on('response', r => {
    if (r.status() >= 400) console.log(`answered ${r.status()}: ${r.url()}`);
    if (!r.url().startsWith(expect.mist)) return;
    const kind = r.url().includes('/frames/') ? (r.url().includes('resolution=') ? 'first look' : 'frames')
      : r.url().includes('/metadata') ? 'metadata'
      : r.url().includes('/thumbnail') || r.url().includes('/rendered') ? 'rendered' : 'qido/other';
    const key = `${kind} ${r.status()} ${(r.headers()['content-type'] || '').split(';').slice(0, 2).join(';')}`;
    answers[key] = (answers[key] || 0) + 1;
    if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
  });
  page.on('request', r => {
    if (r.url().includes('/frames/') && !answers.frameAccept) answers.frameAccept = r.headers()['accept'];
  });
  const consoleErrors = [];
  page.on('pageerror', e => consoleErrors.push('page error: ' + e.message));
  page.on('console', m => { if (m.type() === 'error') consoleErrors.push(m.text().slice(0, 300)); });

  await page.goto(`${app}/`);
  await page.getByText(expect.patientName).first().waitFor({ timeout: 60000 });
  console.log(`ok   the study list shows ${expect.patientName}`);

  await page.goto(`${app}?StudyInstanceUIDs=${expect.study}`);  // MIST's deep link
  const drawn = await viewportDrawn(page);
  console.log(`ok   the viewport draws the image: ${JSON.stringify(drawn)}`);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: expect.screenshot });
  console.log('answers from MIST: ' + JSON.stringify(answers));
  if (errors.length) throw new Error('MIST answered errors: ' + errors.slice(0, 5).join(', '));
  if (!Object.keys(answers).some(k => k.startsWith('frames 200'))) throw new Error('no frame was fetched');
  if (!Object.keys(answers).some(k => k.startsWith('rendered 200 image/jpeg'))) {
    throw new Error('no thumbnail came from MIST\'s /thumbnail: ' + JSON.stringify(answers));
  }
  if (!Object.keys(answers).some(k => k.startsWith('frames 200') && k.includes('image/jphc'))) {
    throw new Error('frames did not come as stored HTJ2K: ' + JSON.stringify(answers));
  }
  if (!Object.keys(answers).some(k => k.startsWith('first look 200') && k.includes('image/jphc'))) {
    throw new Error('the image shown was not first fetched at a lower level: ' + JSON.stringify(answers));
  }
  if (consoleErrors.length) throw new Error('the viewer logged errors: ' + consoleErrors.slice(0, 5).join(' | '));
  console.log('all checks passed');
});
