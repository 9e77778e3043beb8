package org.mist.viewer;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;

/** The OHIF viewer MIST serves at {@code /viewer} ({@code mist.viewer.*}). */
@ConfigMapping(prefix = "mist.viewer")
public interface ViewerSettings {
    /** The published OHIF build's {@code dist/} folder (scripts/viewer.sh puts it in viewer/ohif/dist). */
    Path dir();
}
