// Drives MIST the way OHIF 3 does, with the npm dicomweb-client library, and checks what comes back.
// Usage: node ohif-queries.mjs '<json: url, patientNameFragment, studyDateFrom, studyDateTo, study, series,
//        instance, instances>'. Exits 1 with the reason on the first mismatch.
import XMLHttpRequest from 'xhr2';
import dicomweb from 'dicomweb-client';

globalThis.XMLHttpRequest = XMLHttpRequest;
const expect = JSON.parse(process.argv[2]);
const client = new dicomweb.api.DICOMwebClient({ url: expect.url });

function check(condition, what) {
  if (!condition) {
    throw new Error(what);
  }
  console.log('ok   ' + what);
}

const value = (item, tag) => item[tag] && item[tag].Value ? item[tag].Value[0] : undefined;

// OHIF's study list query (extensions/default/src/DicomWebDataSource/qido.js, mapParams).
const studies = await client.searchForStudies({
  queryParams: {
    PatientName: `*${expect.patientNameFragment}*`,
    StudyDate: `${expect.studyDateFrom}-${expect.studyDateTo}`,
    limit: 101,
    offset: 0,
    fuzzymatching: false,
    includefield: '00081030,00080060,00080090,00100030',
  },
});
const study = studies.find(s => value(s, '0020000D') === expect.study);
check(study !== undefined, `searchForStudies finds study ${expect.study} among ${studies.length}`);
check(value(study, '00100010').Alphabetic.includes(expect.patientNameFragment), 'PatientName is a PN object');
check(value(study, '00201206') >= 1, `NumberOfStudyRelatedSeries ${value(study, '00201206')}`);
check(value(study, '00201208') >= expect.instances, `NumberOfStudyRelatedInstances ${value(study, '00201208')}`);
check(study['00080061'].Value.includes('CT'), `ModalitiesInStudy ${study['00080061'].Value}`);
check('00081030' in study, 'StudyDescription is included');

const none = await client.searchForStudies({ queryParams: { PatientName: '*no-such-patient-xyz*', limit: 101 } });
check(none.length === 0, 'a name that matches nothing gives no study');

const series = await client.searchForSeries({ studyInstanceUID: expect.study });
const one = series.find(s => value(s, '0020000E') === expect.series);
check(one !== undefined, `searchForSeries finds series ${expect.series}`);
check(value(one, '00201209') === expect.instances, `NumberOfSeriesRelatedInstances ${value(one, '00201209')}`);
check(value(one, '00080060') === 'CT', 'Modality CT');

const metadata = await client.retrieveSeriesMetadata({ studyInstanceUID: expect.study, seriesInstanceUID: expect.series });
check(metadata.length === expect.instances, `retrieveSeriesMetadata gives ${metadata.length} instances`);
const first = metadata.find(m => value(m, '00080018') === expect.instance);
check(first !== undefined, 'the instance is in the series metadata');
check(value(first, '00280010') === 512 && value(first, '00280011') === 512, 'Rows and Columns are numbers');
check(typeof first['7FE00010'].BulkDataURI === 'string', 'PixelData has a BulkDataURI');
check(Array.isArray(first['00200032'].Value) && first['00200032'].Value.length === 3, 'ImagePositionPatient has 3 numbers');

const ids = { studyInstanceUID: expect.study, seriesInstanceUID: expect.series, sopInstanceUID: expect.instance };
// dicomweb-client 0.11 names HTJ2K image/jhc (the draft media type) and sends it only beside another type.
const jphc = await client.retrieveInstanceFrames({
  ...ids,
  frameNumbers: [1],
  mediaTypes: [
    { mediaType: 'image/jhc', transferSyntaxUID: '1.2.840.10008.1.2.4.202' },
    { mediaType: 'application/octet-stream', transferSyntaxUID: '1.2.840.10008.1.2.1' },
  ],
});
const stream = new Uint8Array(jphc[0]);
check(stream[0] === 0xff && stream[1] === 0x4f && stream[2] === 0xff && stream[3] === 0x51, 'HTJ2K frame starts with SOC, SIZ');
check(stream[stream.length - 2] === 0xff && stream[stream.length - 1] === 0xd9, 'HTJ2K frame ends with EOC');

const asStored = await client.retrieveInstanceFrames({
  ...ids, frameNumbers: [1], mediaTypes: [{ mediaType: 'application/octet-stream', transferSyntaxUID: '*' }],
});
check(new Uint8Array(asStored[0]).length === stream.length, `transfer-syntax=* gives the stored ${stream.length} bytes`);

const native = await client.retrieveInstanceFrames({ ...ids, frameNumbers: [1] });
check(new Uint8Array(native[0]).length === 512 * 512 * 2, 'the native frame is 512 x 512 16-bit words');

// The library hands back the body, or a one-element array of it, depending on its version's code path.
const bytes = x => new Uint8Array(Array.isArray(x) ? x[0] : x);
const png = bytes(await client.retrieveInstanceRendered({ ...ids, mediaTypes: [{ mediaType: 'image/png' }] }));
check(png[0] === 0x89 && png[1] === 0x50 && png[2] === 0x4e && png[3] === 0x47, `rendered PNG (${png.length} bytes)`);
const jpeg = bytes(await client.retrieveInstanceRendered({ ...ids, mediaTypes: [{ mediaType: 'image/jpeg' }] }));
check(jpeg[0] === 0xff && jpeg[1] === 0xd8, `rendered JPEG (${jpeg.length} bytes)`);
console.log('all checks passed');
