package org.mist.store;

import org.mist.store.entity.Frame;

/**
 * A frame whose object is written: what its row records. {@code sha256} is the object's, {@code samplesSha256}
 * the decoded source samples' ({@code archive/SampleDigest}).
 */
public record StoredFrame(int frameNumber, String objectKey, Frame.Codec codec, int width, int height, int components,
                          int bitDepth, boolean signed, int levels, int[] levelEnds, long byteSize, String sha256,
                          String samplesSha256) {
}
