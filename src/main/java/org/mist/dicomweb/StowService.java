package org.mist.dicomweb;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.mist.archive.Incidents;
import org.mist.archive.Meters;
import org.mist.archive.Refusal;
import org.mist.archive.TempSpace;
import org.mist.archive.UploadPace;
import org.mist.dicom.DataSetException;
import org.mist.dicom.Uids;
import org.mist.ingest.DicomIngest;
import org.mist.ingest.IngestResult;
import org.mist.ingest.IngestSettings;
import org.mist.store.ObjectKeys;

/**
 * STOW-RS (PS3.18 10.5): reads the multipart body part by part, spools each part (into memory when it is small,
 * else to a temporary file) and hands it to the ingest while the next part arrives, so a request of any size needs
 * at most a bounded amount of memory and of disk per part in flight.
 */
@ApplicationScoped
public class StowService {
    /**
     * Parts ingested at once, over all requests: four per core, so that one part's commit wait overlaps
     * the others' encoding, and few enough that the transactions they hold never exhaust the connection pool.
     */
    private static final int IN_FLIGHT = 4 * Runtime.getRuntime().availableProcessors();

    @Inject
    DicomIngest ingest;
    @Inject
    IngestSettings settings;
    @Inject
    TempSpace temp;

    private final Semaphore inFlight = new Semaphore(IN_FLIGHT, true);
    private final ExecutorService instances = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "mist-stow");
        t.setDaemon(true);
        return t;
    });

    /** The results, one per part, in the order of the parts. */
    public List<IngestResult> store(String store, String study, String contentType, InputStream body) {
        if (!ObjectKeys.validStoreName(store)) {
            throw Refusal.NOT_FOUND.because("no such store: a store name is 1-63 characters of a-z, 0-9 and '-'");
        }
        if (study != null && !Uids.valid(study)) {
            throw Refusal.BAD_REQUEST.because("Study Instance UID in the URL: " + Uids.problem(study));
        }
        String boundary = checkContentType(contentType);
        try (Meters.InFlight stow = Meters.inFlight("stow")) {
            return parts(store, study, new MultipartReader(body, boundary));
        }
    }

    private List<IngestResult> parts(String store, String study, MultipartReader reader) {
        List<Future<IngestResult>> results = new ArrayList<>();
        try {
            Map<String, String> headers;
            while ((headers = nextPart(reader, results)) != null) {
                String partType = MediaTypes.parse(headers.get("content-type")).type();
                if (!partType.isEmpty() && !partType.equals("application/dicom")) {
                    results.add(done(IngestResult.refused(DataSetException.CANNOT_UNDERSTAND,
                            "part of type " + partType + ": STOW-RS here takes application/dicom parts")));
                    continue;
                }
                TempSpace.Spool part = temp.receive("stow-", ".dcm", settings.maxInstanceBytes());
                InputStream partBody = reader.partBody();
                try (part) {
                    partBody.transferTo(part);
                } catch (TempSpace.TooLarge | TempSpace.Full e) {
                    part.release();
                    partBody.transferTo(OutputStream.nullOutputStream());
                    results.add(done(IngestResult.refused(DataSetException.OUT_OF_RESOURCES,
                            e instanceof TempSpace.Full ? e.getMessage() + ": try again later"
                                    : "the instance is " + e.getMessage() + " (mist.ingest.max-instance-bytes)")));
                    continue;
                } catch (UploadPace.TooSlow e) {
                    part.release();
                    throw e;
                } catch (IOException e) {
                    part.release();
                    results.add(done(IngestResult.refused(DataSetException.CANNOT_UNDERSTAND,
                            "the request body ends inside this part: " + e.getMessage())));
                    break;
                }
                inFlight.acquire();
                results.add(instances.submit(() -> {
                    try {
                        return ingest.ingest(part.bytes(), store, study);
                    } finally {
                        inFlight.release();
                        part.release();
                    }
                }));
            }
        } catch (UploadPace.TooSlow e) {
            throw Refusal.TOO_SLOW.because(e.getMessage() + "; the instances stored before it stay stored");
        } catch (IOException e) {
            throw new UncheckedIOException(e);  // the server's: an incident
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Refusal.UNAVAILABLE.because("interrupted");
        }
        if (results.isEmpty()) {
            throw Refusal.BAD_REQUEST.because("the multipart body holds no part");
        }
        List<IngestResult> out = new ArrayList<>();
        for (Future<IngestResult> f : results) {
            try {
                out.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw Refusal.UNAVAILABLE.because("interrupted");
            } catch (ExecutionException e) {
                out.add(IngestResult.refused(DataSetException.PROCESSING_FAILURE,
                        Incidents.report("storing a STOW part", e.getCause())));
            }
        }
        return out;
    }

    /**
     * The next part's headers, or null after the last. A body that is not multipart at all is a malformed
     * request (400); one that breaks off after some parts keeps them and reports the break as a failure.
     */
    private static Map<String, String> nextPart(MultipartReader reader, List<Future<IngestResult>> results) throws IOException {
        try {
            return reader.nextPart();
        } catch (MalformedMultipartException e) {
            if (results.isEmpty()) {
                throw Refusal.BAD_REQUEST.because("malformed multipart body: " + e.getMessage());
            }
            results.add(done(IngestResult.refused(DataSetException.CANNOT_UNDERSTAND,
                    "the request body ends before its closing delimiter: " + e.getMessage())));
            return null;
        }
    }

    private static String checkContentType(String contentType) {
        MediaTypes m = MediaTypes.parse(contentType);
        if (!m.type().equals("multipart/related")) {
            throw Refusal.UNSUPPORTED_MEDIA_TYPE.because("STOW-RS takes multipart/related; type=\"application/dicom\", not "
                    + (m.type().isEmpty() ? "a body without Content-Type" : m.type()));
        }
        String type = m.parameter("type");
        if (type != null && !type.equalsIgnoreCase("application/dicom")) {
            throw Refusal.UNSUPPORTED_MEDIA_TYPE.because("multipart/related of type " + type
                    + " is not supported: send Part 10 instances as type=\"application/dicom\"");
        }
        String boundary = m.parameter("boundary");
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
            throw Refusal.BAD_REQUEST.because("multipart/related without a valid boundary parameter");
        }
        return boundary;
    }

    private static Future<IngestResult> done(IngestResult r) {
        return java.util.concurrent.CompletableFuture.completedFuture(r);
    }

    @PreDestroy
    void stop() {
        instances.shutdownNow();
    }
}
