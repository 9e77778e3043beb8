// A page of a foreign origin (127.0.0.2, which MIST's test configuration does not name) tries to read from
// MIST and to write into it through the browser; a page of a named origin (127.0.0.1) reads. Chromium decides,
// as it would for a user who opened a hostile page. Usage: node cross-origin.mjs '<json: mist, png (base64)>'.
// Prints one line per attempt and "all checks passed", or exits 1 with the reason.
import http from 'node:http';
import { withChromium } from './browser.mjs';

const args = JSON.parse(process.argv[2]);
const page = (host) => new Promise(resolve => {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><title>page</title><p>a page</p>');
  });
  server.listen(0, host, () => resolve({ server, url: `http://${host}:${server.address().port}/` }));
});
const foreign = await page('127.0.0.2');
const named = await page('127.0.0.1');
await withChromium(async browser => {
  const tab = await browser.newPage();
  await tab.goto(foreign.url);
  const attempts = await tab.evaluate(async ({ mist, png }) => {
    const bytes = Uint8Array.from(atob(png), c => c.charCodeAt(0));
    const out = {};
    const attempt = async (name, run) => {
      try { const r = await run(); out[name] = r.type === 'opaque' ? 'sent blind (opaque)' : `read ${r.status}`; }
      catch (e) { out[name] = 'blocked'; }
    };
    await attempt('read QIDO', () => fetch(mist + 'dicomweb/studies'));
    await attempt('write PNG as text/plain', () => fetch(mist + 'api/stores/cors/ingest?name=plain.png',
      { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: bytes }));
    await attempt('write PNG without a type', () => fetch(mist + 'api/stores/cors/ingest?name=untyped.png',
      { method: 'POST', mode: 'no-cors', body: new Blob([bytes]) }));
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'application/dicom' }), 'x.dcm');
    await attempt('STOW as a form', () => fetch(mist + 'stores/cors/dicomweb/studies', { method: 'POST', mode: 'no-cors', body: form }));
    await attempt('write PNG as image/png (preflighted)', () => fetch(mist + 'api/stores/cors/ingest?name=typed.png',
      { method: 'POST', headers: { 'Content-Type': 'image/png' }, body: bytes }));
    return out;
  }, args);
  for (const [k, v] of Object.entries(attempts)) console.log(`foreign origin: ${k}: ${v}`);
  if (attempts['read QIDO'] !== 'blocked') throw new Error('a foreign page read QIDO: ' + attempts['read QIDO']);
  if (attempts['write PNG as image/png (preflighted)'] !== 'blocked') throw new Error('a foreign page wrote with a preflight');

  await tab.goto(named.url);
  const read = await tab.evaluate(async ({ mist }) => {
    const r = await fetch(mist + 'dicomweb/studies?limit=1');
    return r.status;
  }, args);
  console.log(`named origin: read QIDO: ${read}`);
  if (read !== 200 && read !== 204) throw new Error('the named origin cannot read: ' + read);
  console.log('all checks passed');
});
foreign.server.close();
named.server.close();
