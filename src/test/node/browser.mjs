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
