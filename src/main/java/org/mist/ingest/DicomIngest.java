package org.mist.ingest;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.mist.archive.Incidents;
import org.mist.archive.Meters;
import org.mist.archive.TempSpace;
import org.mist.dicom.BulkValues;
import org.mist.dicom.ByteSource;
import org.mist.dicom.DataSetException;
import org.mist.dicom.DecodedFrame;
import org.mist.dicom.DicomFile;
import org.mist.dicom.FrameReader;
import org.mist.dicom.Headers;
import org.mist.dicom.PixelFormat;
import org.mist.dicom.TransferSyntax;
import org.mist.dicom.Uids;
import org.mist.ingest.IngestResult.InstanceUids;
import org.mist.store.ArchiveWriter;
import org.mist.store.InstanceObjects;
import org.mist.store.NewInstance;
import org.mist.store.NewInstance.InstanceAttributes;
import org.mist.store.NewInstance.Received;
import org.mist.store.ObjectKeys;
import org.mist.store.ObjectStoreException;
import org.mist.store.StoredFrame;
import org.mist.store.entity.Frame;

/**
 * DICOM in: a Part 10 file becomes frames in HTJ2K plus a header object plus rows; an instance without Pixel
 * Data (a report, a key object selection, a presentation state, an encapsulated document...) is its header
 * object and rows. A rejection note, once stored, hides what it references ({@link RejectionNotes}). STOW-RS,
 * C-STORE and the ingest CLI all come through here.
 */
@ApplicationScoped
public class DicomIngest {
    @Inject
    ArchiveWriter archive;
    @Inject
    FramePool pool;
    @Inject
    IngestSettings settings;
    @Inject
    TempSpace temp;
    @Inject
    RejectionNotes rejections;
    @Inject
    Transcoder transcoder;

    /**
     * Ingests {@code file} into {@code store}. {@code expectedStudy}, when not null, is the Study Instance
     * UID the request named. Never throws for bad input: the result says what went wrong.
     */
    public IngestResult ingest(Path file, String store, String expectedStudy) {
        return ingest(ByteSource.of(file), store, expectedStudy);
    }

    /** As {@link #ingest(Path, String, String)}, for a Part 10 file in a file or in memory. */
    public IngestResult ingest(ByteSource file, String store, String expectedStudy) {
        IngestResult r;
        try (Transcoder.Receiving receiving = transcoder.receiving()) {
            r = ingestOnce(file, store, expectedStudy);
        }
        Meters.instance(!r.stored() ? "refused" : r.alreadyStored() ? "already_stored" : "stored");
        return r;
    }

    private IngestResult ingestOnce(ByteSource file, String store, String expectedStudy) {
        long received;
        try {
            received = file.size();
        } catch (IOException e) {
            return IngestResult.refused(DataSetException.PROCESSING_FAILURE, "cannot read the part: " + e.getMessage());
        }
        String sopClass = null;
        String sopInstance = null;
        String study = null;
        try (DicomFile dicom = DicomFile.open(file, temp.dir(), settings.dicomLimits())) {
            AttributeList a = dicom.attributes();
            sopClass = Headers.string(a, TagFromName.SOPClassUID);
            sopInstance = Headers.string(a, TagFromName.SOPInstanceUID);
            study = Headers.string(a, TagFromName.StudyInstanceUID);
            NewInstance n = describe(dicom, store, expectedStudy, received);
            int frames = n.instance().numberOfFrames();
            boolean defer = transcoder.reserve(frames);
            int[] waiting = {0};
            int deferred = 0;
            ArchiveWriter.Result r;
            try {
                r = archive.write(n, sink -> {
                    InstanceObjects.Written w = writeObjects(dicom, n, sink, defer);
                    waiting[0] = (int) w.frames().stream().filter(f -> f.codec() == Frame.Codec.RAW).count();
                    return w;
                });
                deferred = r.outcome() == ArchiveWriter.Outcome.STORED ? waiting[0] : 0;
            } finally {
                if (defer) {
                    transcoder.settle(frames, deferred);
                }
            }
            RejectionNotes.read(dicom.attributes()).ifPresent(note -> rejections.apply(store, note));
            return IngestResult.stored(new InstanceUids(sopClass, sopInstance, study, n.seriesInstanceUid()),
                    r.outcome() == ArchiveWriter.Outcome.ALREADY_STORED, n.instance().numberOfFrames(), received, r.storedBytes());
        } catch (ArchiveWriter.Conflict e) {
            return IngestResult.failed(new InstanceUids(sopClass, sopInstance, study, null),
                    e.kind() != ArchiveWriter.Conflict.Kind.SERIES_ELSEWHERE ? DataSetException.DUPLICATE_SOP_INSTANCE
                            : DataSetException.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, e.getMessage(), received);
        } catch (DataSetException e) {
            if (sopInstance == null) {
                String[] uids = DicomFile.peekUids(file);
                sopClass = uids[0];
                sopInstance = uids[1];
                study = uids[2];
            }
            return IngestResult.failed(new InstanceUids(sopClass, sopInstance, study, null), e.failureReason(), e.getMessage(), received);
        } catch (ObjectStoreException e) {
            Log.warnf("object store failure while storing %s: %s", sopInstance, e.getMessage());
            return IngestResult.failed(new InstanceUids(sopClass, sopInstance, study, null), DataSetException.OUT_OF_RESOURCES,
                    "the object store is unavailable; nothing was stored, try again later", received);
        } catch (Exception | StackOverflowError | OutOfMemoryError e) {
            return IngestResult.failed(new InstanceUids(sopClass, sopInstance, study, null), DataSetException.PROCESSING_FAILURE,
                    Incidents.report("storing " + (sopInstance == null ? "an instance" : sopInstance), e), received);
        }
    }

    private static NewInstance describe(DicomFile dicom, String store, String expectedStudy, long received) throws IOException {
        AttributeList a = dicom.attributes();
        String sopClass = Uids.require(Headers.string(a, TagFromName.SOPClassUID), "SOP Class UID");
        String sopInstance = Uids.require(Headers.string(a, TagFromName.SOPInstanceUID), "SOP Instance UID");
        String study = Uids.require(Headers.string(a, TagFromName.StudyInstanceUID), "Study Instance UID");
        String series = Uids.require(Headers.string(a, TagFromName.SeriesInstanceUID), "Series Instance UID");
        if (dicom.mediaStorageSopInstanceUid() != null && !dicom.mediaStorageSopInstanceUid().equals(sopInstance)) {
            throw new DataSetException(DataSetException.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, "Media Storage SOP Instance UID "
                    + dicom.mediaStorageSopInstanceUid() + " differs from SOP Instance UID " + sopInstance);
        }
        if (expectedStudy != null && !expectedStudy.equals(study)) {
            throw new DataSetException(DataSetException.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, "Study Instance UID " + study
                    + " does not match the study in the request, " + expectedStudy);
        }
        int frames = 0;  // an SR, a KOS, a presentation state, a PDF...: the header is the whole instance
        if (dicom.hasPixelData()) {
            if (dicom.floatPixelBits() == 0) {
                PixelFormat.requireConsistent(a);
            }
            Integer n = Headers.integer(a, TagFromName.NumberOfFrames);
            frames = n == null || n < 1 ? 1 : n;
        }
        return new NewInstance(store, IndexedAttributes.patient(a), IndexedAttributes.study(a, study),
                IndexedAttributes.series(a, series, "DICOM"),
                new InstanceAttributes(sopInstance, sopClass, Headers.integer(a, TagFromName.InstanceNumber),
                        dicom.transferSyntax().uid(), Headers.integer(a, TagFromName.Rows), Headers.integer(a, TagFromName.Columns),
                        frames, Headers.string(a, TagFromName.PhotometricInterpretation, 16)),
                new Received(dicom.dataSetSha256(), received, null));
    }

    /** A frame written, and the photometric interpretation its decoder gave (JPEG may say YBR where RGB came out). */
    private record EncodedFrame(StoredFrame stored, String photometric) {
    }

    /** The instance's objects: its frames compressed now, or, when {@code defer}, as received for the {@link Transcoder}. */
    private InstanceObjects.Written writeObjects(DicomFile dicom, NewInstance n, org.mist.store.ObjectSink sink, boolean defer)
            throws Exception {
        String prefix = n.objectPrefix();
        if (!dicom.hasPixelData()) {
            return new InstanceObjects.Written(List.of(), null, writeHeader(dicom.attributes(), prefix, sink));
        }
        if (dicom.floatPixelBits() > 0) {
            List<StoredFrame> frames = floatFrames(dicom, n, sink);
            return new InstanceObjects.Written(frames, null, writeHeader(dicom.attributes(), prefix, sink));
        }
        List<StoredFrame> stored = new ArrayList<>();
        String photometric;
        try (FrameReader reader = new FrameReader(dicom)) {
            long workingSet = reader.format().samplesPerFrame() * Math.max(2, reader.format().bitsAllocated() / 8) * 5;
            IntFunction<Callable<EncodedFrame>> encode = index -> () -> {
                DecodedFrame frame = reader.read(index);
                StoredFrame one = defer ? FrameEncoder.defer(frame, index + 1, prefix, sink, settings.verify())
                        : FrameEncoder.store(frame, index + 1, prefix, sink, settings.verify());
                return new EncodedFrame(one, frame.photometric());
            };
            if (reader.frameCount() == 1) {
                EncodedFrame r = pool.run(workingSet, encode.apply(0));
                stored.add(r.stored());
                photometric = r.photometric();
            } else {
                photometric = encodeInParallel(reader.frameCount(), workingSet, encode, stored);
            }
        }
        AttributeList header = dicom.attributes();
        if (photometric != null && !photometric.equals(Headers.string(header, TagFromName.PhotometricInterpretation))) {
            Headers.setCodeString(header, TagFromName.PhotometricInterpretation, photometric);
        }
        TransferSyntax ts = dicom.transferSyntax();
        if ((ts == TransferSyntax.JPEG_BASELINE || ts == TransferSyntax.JPEG_EXTENDED)
                && Headers.string(header, TagFromName.LossyImageCompression) == null) {
            Headers.setCodeString(header, TagFromName.LossyImageCompression, "01");
        }
        return new InstanceObjects.Written(stored, photometric, writeHeader(header, prefix, sink));
    }

    /** Frames 0 to {@code count - 1} on the pool, in order into {@code stored}: the first frame's photometric interpretation. */
    private String encodeInParallel(int count, long workingSet, IntFunction<Callable<EncodedFrame>> encode,
                                    List<StoredFrame> stored) throws Exception {
        List<Future<EncodedFrame>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(workingSet, encode.apply(i)));
            }
            String photometric = null;
            for (Future<EncodedFrame> f : futures) {
                EncodedFrame r = f.get();
                stored.add(r.stored());
                photometric = photometric == null ? r.photometric() : photometric;
            }
            return photometric;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            futures.forEach(f -> f.cancel(true));
        }
    }

    /**
     * The header object, with its large binary values (an encapsulated PDF, overlay or waveform data) as objects of
     * their own, taken out of {@code header}: their paths.
     */
    private List<String> writeHeader(AttributeList header, String prefix, org.mist.store.ObjectSink sink) {
        List<String> paths = new ArrayList<>();
        for (BulkValues.Value v : BulkValues.takeOut(header, settings.bulkDataThreshold())) {
            sink.put(ObjectKeys.bulkData(prefix, v.path()), v.bytes());
            paths.add(v.path());
        }
        sink.put(ObjectKeys.header(prefix), Headers.part10WithoutPixelData(header));
        return paths;
    }

    /**
     * Float and Double Float Pixel Data (parametric maps): HTJ2K holds integers only, so each frame goes to the
     * lossless fallback as its IEEE samples, bit for bit, like a float NIfTI slice.
     */
    private List<StoredFrame> floatFrames(DicomFile dicom, NewInstance n, org.mist.store.ObjectSink sink) throws IOException {
        AttributeList a = dicom.attributes();
        int columns = Headers.integer(a, TagFromName.Columns);
        int rows = Headers.integer(a, TagFromName.Rows);
        Integer samples = Headers.integer(a, TagFromName.SamplesPerPixel);
        List<StoredFrame> stored = new ArrayList<>();
        for (int i = 0; i < n.instance().numberOfFrames(); i++) {
            stored.add(FrameEncoder.fallback(dicom.floatFrame(i), Frame.Codec.FLOAT, columns, rows,
                    samples == null ? 1 : samples, dicom.floatPixelBits(), true, i + 1, n.objectPrefix(), sink));
        }
        return stored;
    }
}
