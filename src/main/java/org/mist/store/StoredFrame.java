package org.mist.store;

import org.mist.store.entity.Frame;

/** A frame whose object is written: what its row records. */
public record StoredFrame(int frameNumber, String objectKey, Frame.Codec codec, int width, int height, int components,
                          int bitDepth, boolean signed, int levels, int[] levelEnds, long byteSize, String sha256) {
}
