package org.mist.cli;

import org.mist.archive.Scope;
import picocli.CommandLine.Option;

/** What a command reads: a store, optionally narrowed to a study and a series (a picocli mixin). */
public class ScopeOptions {
    @Option(names = "--store", defaultValue = "default", description = "store (default: ${DEFAULT-VALUE})")
    String store;

    @Option(names = "--study", description = "only this Study Instance UID")
    String study;

    @Option(names = "--series", description = "only this Series Instance UID")
    String series;

    /** The scope, with {@code study} standing in for --study when given (a collection's study). */
    Scope scope(String study) {
        return new Scope(store, study != null ? study : this.study, series, null);
    }
}
