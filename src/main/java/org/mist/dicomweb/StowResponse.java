package org.mist.dicomweb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.mist.ingest.IngestResult;

/**
 * The STOW-RS response body (PS3.18 10.5.3) in DICOM JSON: ReferencedSOPSequence for what is stored,
 * FailedSOPSequence with FailureReason, and the reason text as ErrorComment, for what is not.
 */
final class StowResponse {
    private static final JsonFactory JSON = new JsonFactory();

    private StowResponse() {
    }

    /** 200 all stored, 409 none, 202 some (PS3.18 Table 10.5.3-1). */
    static int status(List<IngestResult> results) {
        long stored = results.stream().filter(IngestResult::stored).count();
        return stored == results.size() ? 200 : stored == 0 ? 409 : 202;
    }

    static byte[] json(List<IngestResult> results, String studiesUrl, String study) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            if (study != null) {
                attribute(g, "00081190", "UR", studiesUrl + "/" + study);
            }
            if (results.stream().anyMatch(r -> !r.stored())) {
                g.writeObjectFieldStart("00081198");
                g.writeStringField("vr", "SQ");
                g.writeArrayFieldStart("Value");
                for (IngestResult r : results) {
                    if (!r.stored()) {
                        g.writeStartObject();
                        uid(g, "00081150", r.sopClassUid());
                        uid(g, "00081155", r.sopInstanceUid());
                        g.writeObjectFieldStart("00081197");
                        g.writeStringField("vr", "US");
                        g.writeArrayFieldStart("Value");
                        g.writeNumber(r.failureReason());
                        g.writeEndArray();
                        g.writeEndObject();
                        attribute(g, "00000902", "LO", r.reason());
                        g.writeEndObject();
                    }
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            if (results.stream().anyMatch(IngestResult::stored)) {
                g.writeObjectFieldStart("00081199");
                g.writeStringField("vr", "SQ");
                g.writeArrayFieldStart("Value");
                for (IngestResult r : results) {
                    if (r.stored()) {
                        g.writeStartObject();
                        uid(g, "00081150", r.sopClassUid());
                        uid(g, "00081155", r.sopInstanceUid());
                        attribute(g, "00081190", "UR", studiesUrl + "/" + r.studyInstanceUid() + "/series/"
                                + r.seriesInstanceUid() + "/instances/" + r.sopInstanceUid());
                        g.writeEndObject();
                    }
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void uid(JsonGenerator g, String tag, String value) throws IOException {
        if (value != null) {
            attribute(g, tag, "UI", value);
        }
    }

    private static void attribute(JsonGenerator g, String tag, String vr, String value) throws IOException {
        g.writeObjectFieldStart(tag);
        g.writeStringField("vr", vr);
        if (value != null) {
            g.writeArrayFieldStart("Value");
            g.writeString(value);
            g.writeEndArray();
        }
        g.writeEndObject();
    }
}
