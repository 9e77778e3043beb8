// Time to first image in OHIF (bench/viewer.sh): opens the viewer on a study with Chromium's network throttled,
// and reports when the viewport first shows the image and when the last frame of the series has arrived, for a
// returning user (the viewer's own files cached by a first visit).
// Usage: node viewer-ttfi.mjs '<json: app, study, frames, mbit, rtt>' where app is the OHIF page's origin (nginx
// in front of the server, with the setup's app-config.js). No request is intercepted: Playwright's routing
// would turn the browser's cache off. Prints one JSON line.
import { withChromium } from './browser.mjs';

const a = JSON.parse(process.argv[2]);
async function drawn(page) {
  await page.waitForFunction(() => {
    for (const c of document.querySelectorAll('canvas.cornerstone-canvas')) {
      if (c.width < 400) continue;
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let lit = 0;
      for (let i = 0; i < d.length; i += 4 * 13) if (d[i] > 16) lit++;
      if (lit > 500) return true;
    }
    return false;
  }, null, { timeout: 180000, polling: 'raf' });
}

await withChromium(async browser => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  let frames = new Set();
  let lastFrame = 0;
  let frameBytes = 0;
  let start = 0;
  // A frame has arrived when its request finishes, or when the loader, having read the whole part, cancels
  // the rest of a streamed answer (cornerstone's streaming reader does: Chromium then reports ERR_ABORTED).
  const answered = new Set();
  const arrived = async r => {
    if (!r.url().includes('/frames/')) return;
    frames.add(r.url().replace(/\?.*/, ''));
    lastFrame = Date.now() - start;
    const sizes = await r.sizes().catch(() => null);
    if (sizes) frameBytes += sizes.responseBodySize;
  };
  page.on('response', r => answered.add(r.request()));
  page.on('requestfinished', arrived);
  page.on('requestfailed', r => { if (answered.has(r)) arrived(r); });
  const settle = async () => {
    const deadline = Date.now() + 300000;
    let seen = -1;
    let still = Date.now();
    while (frames.size < a.frames && Date.now() < deadline && Date.now() - still < 5000) {
      if (frames.size !== seen) { seen = frames.size; still = Date.now(); }
      await page.waitForTimeout(100);
    }
  };
  // A returning user: the viewer's own files (scripts, wasm codecs) are in the browser's cache from a first,
  // unthrottled visit; the DICOMweb answers are not (nginx marks them no-store).
  await page.goto(`${a.app}/viewer?StudyInstanceUIDs=${a.study}`);
  await drawn(page);
  await settle();
  await page.goto('about:blank');
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: a.rtt,
    downloadThroughput: a.mbit * 1e6 / 8, uploadThroughput: a.mbit * 1e6 / 8 });
  frames = new Set();
  frameBytes = 0;
  if (process.env.TTFI_TRACE) {
    page.on('request', r => console.error(`${Date.now() - start} start ${r.url().replace(/.*\/instances\//, "...")}`));
    page.on('requestfinished', r => console.error(`${Date.now() - start} done  ${r.url().replace(/.*\/instances\//, "...")}`));
    page.on('requestfailed', r => console.error(`${Date.now() - start} FAIL  ${r.url().replace(/.*\/instances\//, "...")} ${r.failure()?.errorText}`));
    page.on('response', r => console.error(`${Date.now() - start} resp  ${r.status()} ${r.headers()['content-type']} ${r.headers()['content-length']} ${r.headers()['transfer-encoding']} ${r.url().replace(/.*\/instances\//, "...")}`));
  }
  start = Date.now();
  await page.goto(`${a.app}/viewer?StudyInstanceUIDs=${a.study}`);
  await drawn(page);
  const firstImage = Date.now() - start;
  await settle();
  console.log(JSON.stringify({ firstImage, allFrames: frames.size >= a.frames ? lastFrame : null, frames: frames.size,
    frameBytes }));
});
