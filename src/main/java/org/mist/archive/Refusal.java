package org.mist.archive;

/**
 * Why the archive will not do what a request asks, in no protocol's terms. Every door maps these kinds
 * once: {@code dicomweb/HttpRefusals} to HTTP statuses, {@code dimse/DimseRefusals} to DIMSE statuses; the
 * table in {@code docs/ERRORS.md} is generated from those two mappings.
 */
public enum Refusal {
    BAD_REQUEST("the request is malformed: a UID, frame list, level or parameter that cannot be read"),
    NOT_FOUND("nothing stored under the names given (store, study, series, instance, frame, bulk data)"),
    NOT_ACCEPTABLE("the data cannot be given in the form asked for (format hierarchy, transfer syntax)"),
    CONFLICT("different content under a name already stored"),
    TOO_LARGE("the request or the data it carries is over a configured limit"),
    UNSUPPORTED_MEDIA_TYPE("a body of a type or kind the archive does not store"),
    RANGE_NOT_SATISFIABLE("a byte range outside the stored object"),
    TOO_SLOW("the request body stalled or arrived slower than mist.upload allows"),
    UNAVAILABLE("a resource is exhausted or unreachable for now (temporary space, object store): try again"),
    UNAUTHENTICATED("no valid credentials"),
    FORBIDDEN("the credentials do not allow this");

    private final String meaning;

    Refusal(String meaning) {
        this.meaning = meaning;
    }

    /** What the kind means, for the generated table. */
    public String meaning() {
        return meaning;
    }

    /** The refusal with its reason, to throw. */
    public ArchiveException because(String reason) {
        return new ArchiveException(this, reason);
    }

    /** Something that carries a refusal (streams throw these as IOExceptions, the rest as ArchiveException). */
    public interface Carrier {
        Refusal refusal();

        String getMessage();
    }
}
