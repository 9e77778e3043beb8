// Time to first image in OHIF (bench/viewer.sh): opens the viewer on a study with Chromium's network throttled,
// and reports when the viewport first shows the image, when its first frame request started, and when the last
// frame of the series has arrived at full resolution, for a returning user (the viewer's own files cached by a
// first visit).
// Usage: node viewer-ttfi.mjs '<json: app, study, frames, mbit, rtt>' where app is the OHIF page's origin (nginx
// in front of the server, with the setup's app-config.js). No request is intercepted: Playwright's routing
// would turn the browser's cache off. Prints one JSON line. TTFI_TRACE=1 writes every request and console line
// to stderr.
import { withChromium } from './browser.mjs';

const a = JSON.parse(process.argv[2]);

// Cornerstone renders off screen and copies each viewport onto its canvas with drawImage. The first copy onto
// the viewport's canvas (not a thumbnail's) that lights it up is the first image; it is timed there, in the
// page, since polling from outside waits on a main thread busy with the frames that follow.
function watchFirstImage() {
  const copy = CanvasRenderingContext2D.prototype.drawImage;
  CanvasRenderingContext2D.prototype.drawImage = function (...args) {
    const result = copy.apply(this, args);
    const c = this.canvas;
    if (!window.firstImageAt && c.classList?.contains('cornerstone-canvas') && c.width >= 400) {
      const d = this.getImageData(0, 0, c.width, c.height).data;
      let lit = 0;
      for (let i = 0; i < d.length; i += 4 * 13) if (d[i] > 16) lit++;
      if (lit > 500) window.firstImageAt = performance.timeOrigin + performance.now();
    }
    return result;
  };
}

async function drawn(page) {
  await page.waitForFunction(() => window.firstImageAt, null, { timeout: 180000, polling: 100 });
  return page.evaluate(() => window.firstImageAt);
}

// A first-look request asks for a lower resolution (resolution= or level=); only answers without one are final.
const isFinal = url => !/[?&](resolution|level)=/.test(url);

await withChromium(async browser => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addInitScript(watchFirstImage);
  const page = await context.newPage();
  let frames = new Set();
  let lastFrame = 0;
  let frameBytes = 0;
  let start = 0;
  let firstRequest = 0;
  page.on('request', r => { if (start && !firstRequest && r.url().includes('/frames/')) firstRequest = Date.now() - start; });
  // A frame has arrived when its request finishes, or when the loader, having read the whole part, cancels
  // the rest of a streamed answer (cornerstone's streaming reader does: Chromium then reports ERR_ABORTED).
  const answered = new Set();
  const arrived = async r => {
    if (!r.url().includes('/frames/')) return;
    const sizes = await r.sizes().catch(() => null);
    if (sizes) frameBytes += sizes.responseBodySize;
    if (!isFinal(r.url())) return;
    frames.add(r.url().replace(/\?.*/, ''));
    lastFrame = Date.now() - start;
  };
  page.on('response', r => answered.add(r.request()));
  page.on('requestfinished', arrived);
  page.on('requestfailed', r => { if (answered.has(r)) arrived(r); });
  const settle = async () => {
    const deadline = Date.now() + 600000;
    let seen = -1;
    let still = Date.now();
    while (frames.size < a.frames && Date.now() < deadline && Date.now() - still < 20000) {
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
    const at = () => Date.now() - start;
    const name = r => r.url().replace(/.*\/instances\//, '...');
    page.on('console', m => console.error(`${at()} console ${m.type()} ${m.text().slice(0, 300)}`));
    page.on('request', r => console.error(`${at()} start ${name(r)}`));
    page.on('requestfinished', r => console.error(`${at()} done  ${name(r)}`));
    page.on('requestfailed', r => console.error(`${at()} FAIL  ${name(r)} ${r.failure()?.errorText}`));
    page.on('response', r => console.error(`${at()} resp  ${r.status()} ${r.headers()['content-type']} ${name(r)}`));
  }
  start = Date.now();
  await page.goto(`${a.app}/viewer?StudyInstanceUIDs=${a.study}`);
  const firstImage = Math.round(await drawn(page) - start);
  await settle();
  console.log(JSON.stringify({ firstImage, firstRequest, allFrames: frames.size >= a.frames ? lastFrame : null,
    frames: frames.size, frameBytes }));
});
