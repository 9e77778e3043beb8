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

    default DicomFile.Limits dicomLimits() {
        return new DicomFile.Limits(maxInflatedBytes(), maxElementBytes(), maxSequenceDepth(), maxPixelBytes());
    }
}
