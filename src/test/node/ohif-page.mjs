// What the scripts that save from OHIF into MIST share: opening a study in the viewer with every error and every
// POST to MIST recorded, and dragging the mouse across the viewport (a line, a brush stroke).

/** A data-cy selector: OHIF marks its controls with data-cy attributes. */
export const cy = name => `[data-cy="${name}"]`;

/**
 * Opens `url` (a viewer route with StudyInstanceUIDs) in a new page. Console and page errors and MIST's answers of
 * 400 or more go to `errors`; each POST to MIST calls onPost(response). The first visit's tour and notice are closed.
 */
export async function openStudy(browser, url, mist, errors, onPost) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', e => errors.push('page error: ' + e.message));
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text().slice(0, 300)); });
  page.on('response', r => {
    if (r.url().startsWith(mist) && r.status() >= 400) errors.push(`MIST answered ${r.status()}: ${r.url()}`);
    if (r.request().method() === 'POST' && r.url().startsWith(mist)) onPost(r);
  });
  await page.goto(url);
  await page.locator(cy('viewport-pane')).waitFor({ timeout: 60000 });
  await page.getByText('Skip all').click({ timeout: 8000 }).catch(() => {});
  await page.getByText('Confirm and hide').click({ timeout: 2000 }).catch(() => {});
  return page;
}

/** Presses the mouse at the viewport's centre moved by the first point, drags through the others, releases. */
export async function dragOnViewport(page, points) {
  const box = await page.locator(cy('viewport-pane')).boundingBox();
  const at = ([dx, dy]) => [box.x + box.width / 2 + dx, box.y + box.height / 2 + dy];
  await page.mouse.move(...at(points[0]));
  await page.mouse.down();
  for (const p of points.slice(1)) await page.mouse.move(...at(p), { steps: 15 });
  await page.mouse.up();
}

/** Waits up to 30 s for `list` to hold an entry. */
export async function waitForEntry(page, list) {
  for (let i = 0; i < 60 && list.length === 0; i++) await page.waitForTimeout(500);
}
