// Debian's Chromium for the browser checks, driven by playwright-core (which downloads no browser of its own).
import { chromium } from 'playwright-core';

/**
 * Runs body(browser) in a fresh headless Chromium (software WebGL, so OHIF's viewports draw without a GPU) and
 * closes it. A thrown error is printed as "FAILED: reason" and the process exits with 1.
 */
export async function withChromium(body) {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-quic', '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'],
  });
  let failed = null;
  try {
    await body(browser);
  } catch (e) {
    failed = e;
  } finally {
    await browser.close();
  }
  if (failed) {
    console.error('FAILED: ' + failed.message);
    process.exit(1);
  }
}

/**
 * Waits until one of OHIF's viewports (not a study browser thumbnail) shows an image: many lit pixels of many grey
 * levels. Its size and counts.
 */
export async function viewportDrawn(page) {
  const drawn = await page.waitForFunction(() => {
    for (const c of document.querySelectorAll('canvas.cornerstone-canvas')) {
      if (c.width < 400 || c.height < 400) continue;
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      const levels = new Set();
      let lit = 0;
      for (let i = 0; i < d.length; i += 4 * 7) {
        if (d[i] > 8) lit++;
        levels.add(d[i]);
      }
      if (lit > 1000 && levels.size > 32) return { width: c.width, height: c.height, lit, levels: levels.size };
    }
    return false;
  }, null, { timeout: 120000, polling: 500 });
  return drawn.jsonValue();
}
