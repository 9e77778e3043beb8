package org.mist.store;

import java.util.List;

/** Writes an instance's objects (frames and header) through a sink and says what it wrote. */
@FunctionalInterface
public interface InstanceObjects {

    /** The frames written, and the Photometric Interpretation of the stored samples. */
    record Written(List<StoredFrame> frames, String photometricInterpretation) {
    }

    Written write(ObjectSink sink) throws Exception;
}
