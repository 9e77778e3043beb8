package org.mist.eval;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;

/** Evaluations run through the API ({@code mist.eval.*}). */
@ConfigMapping(prefix = "mist.eval")
public interface EvalSettings {
    /** Where each evaluation's folder of tables, plots and report goes (inside the data folder by default). */
    Path dir();
}
