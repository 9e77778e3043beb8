// The home page's browser side, over MIST's own APIs: a store's series, a frame's levels, the export builder
// and the upload. Plain JavaScript; every name shown comes from MIST and goes in as text, never as HTML.
'use strict';

const $ = id => document.getElementById(id);

function bytes(n) {
  for (const [unit, size] of [['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]]) {
    if (n >= size) return (n / size).toFixed(1) + ' ' + unit;
  }
  return n + ' B';
}

function cell(row, text) {
  const td = row.insertCell();
  td.textContent = text ?? '';
  return td;
}

function link(row, text, href, onclick) {
  const a = document.createElement('a');
  a.textContent = text;
  a.href = href || '#';
  if (onclick) a.addEventListener('click', e => { e.preventDefault(); onclick(); });
  row.lastChild.append(a, ' ');
}

function storeRoot(store) {
  return '/api/stores/' + encodeURIComponent(store);
}

async function showSeries(store) {
  const answer = await fetch(storeRoot(store) + '/series');
  const series = answer.ok ? await answer.json() : [];
  $('series-section').hidden = false;
  $('series-store').textContent = store;
  const table = $('series');
  table.replaceChildren();
  const head = table.insertRow();
  for (const h of ['study date', 'patient', 'study', 'series', 'modality', 'origin', 'instances', 'frames', 'received',
    'stored', '']) {
    const th = document.createElement('th');
    th.textContent = h;
    head.append(th);
  }
  for (const s of series) {
    const row = table.insertRow();
    row.dataset.series = s.series;
    [s.studyDate, s.patientName, s.studyDescription, s.description, s.modality, s.origin, s.instances, s.frames,
      bytes(s.receivedBytes), bytes(s.storedBytes)].forEach(v => cell(row, v));
    cell(row, '');
    if (s.origin === 'DICOM') {
      link(row, 'view', '/viewer?StudyInstanceUIDs=' + encodeURIComponent(s.study) + '&dataSources=' + encodeURIComponent(store));
    }
    link(row, 'levels', null, () => showLevels(store, s));
    link(row, 'export', null, () => {
      const form = $('export');
      form.store.value = store;
      form.study.value = s.study;
      form.series.value = s.series;
      form.format.value = s.origin === 'DICOM' ? 'dicom' : s.origin === 'NIFTI' ? 'nifti' : 'png';
      form.scrollIntoView();
    });
  }
}

async function showLevels(store, s) {
  const frame = storeRoot(store) + '/studies/' + s.study + '/series/' + s.series + '/instances/' + s.firstInstance + '/frames/1';
  const answer = await fetch(frame + '/levels');
  const box = $('levels');
  box.replaceChildren();
  if (!answer.ok) {
    box.textContent = await answer.text();
    return;
  }
  const table = await answer.json();
  for (const l of table.levels) {
    const figure = document.createElement('figure');
    const img = document.createElement('img');
    img.src = frame + '/jpeg?level=' + l.level;
    img.alt = 'level ' + l.level;
    const caption = document.createElement('figcaption');
    caption.textContent = `k=${l.level}: ${l.width} x ${l.height}, ${bytes(l.bytes)} ` +
      `(${(100 * l.bytes / table.objectBytes).toFixed(1)}%)`;
    figure.append(img, caption);
    box.append(figure);
  }
}

function exportQuery(form) {
  const q = new URLSearchParams({ format: form.format.value });
  for (const name of ['study', 'series', 'resolution']) {
    if (form[name].value.trim()) q.set(name, form[name].value.trim());
  }
  return q.toString();
}

$('export').addEventListener('submit', async e => {
  e.preventDefault();
  const form = e.target;
  const root = storeRoot(form.store.value.trim() || 'default');
  const query = exportQuery(form);
  const answer = await fetch(root + '/export/estimate?' + query);
  const download = $('download');
  if (!answer.ok) {
    $('estimate').textContent = 'Refused: ' + await answer.text();
    download.hidden = true;
    return;
  }
  const est = await answer.json();
  $('estimate').textContent = `${est.files} files; the download reads ${bytes(est.bytesToRead)} of the ` +
    `${bytes(est.storedBytes)} stored (${(100 * est.bytesToRead / est.storedBytes).toFixed(1)}%).`;
  $('estimate').dataset.bytesToRead = est.bytesToRead;
  download.href = root + '/export?' + query;
  download.hidden = false;
});

document.querySelectorAll('a.store').forEach(a => a.addEventListener('click', e => {
  e.preventDefault();
  showSeries(a.dataset.store);
}));

// Upload: DICOM Part 10 files (DICM at byte 128) by STOW-RS, anything else by /api/ingest, one at a time.
async function filesOf(entry, path) {
  if (entry.isFile) {
    return [await new Promise((ok, fail) => entry.file(f => ok({ file: f, path: path + f.name }), fail))];
  }
  const reader = entry.createReader();
  const out = [];
  for (;;) {
    const batch = await new Promise((ok, fail) => reader.readEntries(ok, fail));
    if (!batch.length) return out;
    for (const child of batch) out.push(...await filesOf(child, path + entry.name + '/'));
  }
}

async function isDicom(file) {
  const head = new Uint8Array(await file.slice(128, 132).arrayBuffer());
  return String.fromCharCode(...head) === 'DICM';
}

function send(method, url, body, headers, progress) {
  return new Promise(resolve => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    Object.entries(headers).forEach(([k, v]) => xhr.setRequestHeader(k, v));
    xhr.upload.onprogress = e => e.lengthComputable && progress(e.loaded / e.total);
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
    xhr.onerror = () => resolve({ status: 0, text: 'the connection failed' });
    xhr.send(body);
  });
}

function stowOutcome(answer) {
  if (answer.status === 200) return ['stored', 'stored'];
  try {
    const failed = JSON.parse(answer.text)['00081198']?.Value?.[0];
    const reason = failed?.['00000902']?.Value?.[0];
    if (reason) return ['refused', 'refused: ' + reason];
  } catch (e) { /* not DICOM JSON: the text is the reason */ }
  return ['refused', 'refused: ' + answer.text.trim()];
}

async function upload(item) {
  const store = $('upload-store').value.trim() || 'default';
  const row = $('uploads').insertRow();
  cell(row, item.path);
  const state = cell(row, 'waiting');
  const progress = f => { state.textContent = Math.round(100 * f) + '%'; };
  let outcome;
  if (await isDicom(item.file)) {
    const boundary = 'mist-upload-' + Math.random().toString(16).slice(2);
    const body = new Blob([`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`, item.file, `\r\n--${boundary}--\r\n`]);
    const root = store === 'default' ? '/dicomweb' : '/stores/' + encodeURIComponent(store) + '/dicomweb';
    outcome = stowOutcome(await send('POST', root + '/studies', body, {
      'Content-Type': `multipart/related; type="application/dicom"; boundary=${boundary}`,
      Accept: 'application/dicom+json',
    }, progress));
  } else {
    const answer = await send('POST', storeRoot(store) + '/ingest?name=' + encodeURIComponent(item.path), item.file,
      { 'Content-Type': 'application/octet-stream' }, progress);
    outcome = answer.status === 201 ? ['stored', 'stored'] : answer.status === 200 ? ['stored', 'already stored']
      : ['refused', 'refused: ' + answer.text.trim()];
  }
  state.className = outcome[0];
  state.textContent = outcome[1];
}

$('pick').addEventListener('change', async e => {
  const items = [...e.target.files].map(f => ({ file: f, path: f.webkitRelativePath || f.name }));
  for (const item of items) await upload(item);
  drop.dataset.done = String(items.length);
});

const drop = $('drop');
drop.addEventListener('dragover', e => { e.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', async e => {
  e.preventDefault();
  drop.classList.remove('over');
  const entries = [...e.dataTransfer.items].map(i => i.webkitGetAsEntry()).filter(Boolean);
  const items = [];
  for (const entry of entries) items.push(...await filesOf(entry, ''));
  for (const item of items) await upload(item);
  drop.dataset.done = String(items.length);
});
