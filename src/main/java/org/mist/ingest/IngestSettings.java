package org.mist.ingest;

import io.smallrye.config.ConfigMapping;
import org.mist.dicom.DicomFile;

/**
 * Ingest ({@code mist.ingest.*}): the losslessness check and the bounds every received file must keep,
 * checked before any decoding. The defaults are in {@code application.properties}.
 */
@ConfigMapping(prefix = "mist.ingest")
public interface IngestSettings {
    /** Decode every encoded frame and compare before storing it. */
    boolean verify();

    /** Largest NIfTI volume (uncompressed) and largest /api body. */
    long maxVolumeBytes();

    /** Largest DICOM instance received (a STOW part, a C-STORE data set). */
    long maxInstanceBytes();

    /** Largest inflated size of a Deflated Explicit VR Little Endian data set. */
    long maxInflatedBytes();

    /** Largest single value other than Pixel Data. */
    long maxElementBytes();

    /** Deepest nesting of sequences. */
    int maxSequenceDepth();

    /** Largest Pixel Data per instance, decoded: frames x rows x columns x samples x bytes. */
    long maxPixelBytes();

    /** Byte and word values (OB, OW, UN) longer than this are kept as objects of their own, not in the header. */
    long bulkDataThreshold();

    /** Deferred compression ({@code mist.ingest.deferred.*}). */
    Deferred deferred();

    /**
     * Acknowledging DICOM instances with their frames as received and compressing them in the background
     * ({@link Transcoder}), as dcm4chee's compression rules do: the sender waits for the write, not the codec.
     */
    interface Deferred {
        /** On: frames are kept as received until compressed; off: compressed before the acknowledgement. */
        boolean enabled();

        /**
         * Frames waiting, archive-wide, from which new instances are compressed before they are acknowledged again:
         * the backlog's bound, and the back-pressure senders then feel.
         */
        long backlogLimit();

        /**
         * Background compression threads of this process; 0: one per core; -1: none (the command line, which exits).
         * While instances are being received none works until a hundredth of the backlog limit is waiting, then only
         * the first, so the other cores answer senders. They run whether deferral is on or not, so frames received
         * with it on are compressed after it is switched off.
         */
        int workers();

        /**
         * How long frames stay as received before they are compressed (0: at once). dcm4chee's compression rules
         * have the same delay: a burst, or a series read while it is being acquired, is not slowed by the codec.
         */
        java.time.Duration delay();

        /** How often an idle worker looks for frames another process received, or that have waited out the delay. */
        java.time.Duration poll();

        default int workerCount() {
            if (workers() < 0) {
                return 0;
            }
            return workers() > 0 ? workers() : Runtime.getRuntime().availableProcessors();
        }
    }

    default DicomFile.Limits dicomLimits() {
        return new DicomFile.Limits(maxInflatedBytes(), maxElementBytes(), maxSequenceDepth(), maxPixelBytes());
    }
}
