// OHIF with login, against MIST with MIST_AUTH=oidc and Keycloak: without logging in the viewer shows no data
// (it goes to Keycloak's login form, and MIST answers 401 to a request without a token); after playwright fills the
// form (authorization code with PKCE), the study list shows the study, the viewport draws it, and every request
// to MIST carried the bearer token.
// Usage: node ohif-login.mjs '<json: viewer, mist, study, patientName, user, password, screenshot>'. Exits 1 with the reason.
import { viewportDrawn, withChromium } from './browser.mjs';

const expect = JSON.parse(process.argv[2]);

await withChromium(async browser => {
  const stranger = await browser.newPage();
  const strangerAnswers = [];
  stranger.on('response', r => { if (r.url().startsWith(expect.mist)) strangerAnswers.push(`${r.status()} ${r.url()}`); });
  await stranger.goto(`${expect.viewer}/`);
  await stranger.waitForURL(u => u.href.includes('/protocol/openid-connect/auth'), { timeout: 60000 });
  await stranger.locator('#username').waitFor({ timeout: 60000 });
  if (await stranger.getByText(expect.patientName).count() > 0) throw new Error('the login page shows the patient');
  if (strangerAnswers.some(a => a.startsWith('2'))) throw new Error('MIST gave data before login: ' + strangerAnswers);
  const direct = await fetch(`${expect.mist}/studies`);
  if (direct.status !== 401) throw new Error(`MIST answered ${direct.status} to a request without a token`);
  console.log(`ok   without login: the viewer shows Keycloak's form, MIST answers ${direct.status}`);

  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const consoleErrors = [];
  page.on('console', m => { if (m.type() === 'error') consoleErrors.push(m.text().slice(0, 300)); });
  const toMist = { withToken: 0, without: 0, failed: [] };
  page.on('request', r => {
    if (!r.url().startsWith(expect.mist)) return;
    if ((r.headers()['authorization'] || '').startsWith('Bearer ')) toMist.withToken++; else toMist.without++;
  });
  page.on('response', r => { if (r.url().startsWith(expect.mist) && r.status() >= 400) toMist.failed.push(`${r.status()} ${r.url()}`); });
  await page.goto(`${expect.viewer}/`);
  await page.locator('#username').fill(expect.user);
  await page.locator('#password').fill(expect.password);
  await page.locator('#kc-login').click();
  try {
    await page.getByText(expect.patientName).first().waitFor({ timeout: 60000 });
  } catch (e) {
    await page.screenshot({ path: expect.screenshot });
    throw new Error(`${e.message} at ${page.url()}; requests to MIST: ${JSON.stringify(toMist)}; console: ${consoleErrors}`);
  }
  console.log(`ok   logged in as ${expect.user}: the study list shows ${expect.patientName}`);
  await page.goto(`${expect.viewer}?StudyInstanceUIDs=${expect.study}`);
  console.log(`ok   the viewport draws the image: ${JSON.stringify(await viewportDrawn(page))}`);
  await page.screenshot({ path: expect.screenshot });
  console.log('requests to MIST: ' + JSON.stringify(toMist));
  if (toMist.withToken === 0) throw new Error('no request to MIST carried the token');
  if (toMist.without > 0) throw new Error(`${toMist.without} requests to MIST went without the token`);
  if (toMist.failed.length) throw new Error('MIST refused: ' + toMist.failed.slice(0, 5).join(', '));
  console.log('all checks passed');
});
