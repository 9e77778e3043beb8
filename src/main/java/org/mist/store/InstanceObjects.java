package org.mist.store;

import java.util.List;

/** Writes an instance's objects (frames and header) through a sink and says what it wrote. */
@FunctionalInterface
public interface InstanceObjects {

    /**
     * The frames written, the Photometric Interpretation of the stored samples, and the paths of the binary values
     * written as objects of their own.
     */
    record Written(List<StoredFrame> frames, String photometricInterpretation, List<String> bulkData) {
        public Written(List<StoredFrame> frames, String photometricInterpretation) {
            this(frames, photometricInterpretation, List.of());
        }
    }

    Written write(ObjectSink sink) throws Exception;
}
