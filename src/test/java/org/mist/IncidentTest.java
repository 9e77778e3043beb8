package org.mist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mist.store.ObjectKeys;
import org.mist.store.ObjectStore;
import org.mist.testing.DicomFiles;
import org.mist.testing.Http;
import org.mist.testing.SharedData;
import org.mist.testing.Stow;
import org.mist.testing.TestServers;

/**
 * A fault of the server, deliberately made: the stored header object of an instance is overwritten with bytes
 * that are not DICOM, so reading it throws deep inside the archive. Both HTTP paths (a JAX-RS resource and
 * the Vert.x frames route) answer 500 with a correlation id and nothing of the server: no exception class,
 * stack trace, source file or object path. The log has the stack trace under the same id. Uses ../shared/data.
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class IncidentTest {
    private static final Pattern INCIDENT = Pattern.compile("\\(incident ([0-9a-f-]{36})\\)");

    @TestHTTPResource("/")
    URL base;
    @Inject
    ObjectStore objects;

    /** Log records seen while a request runs (Quarkus' log manager is java.util.logging's). */
    private static final class Captured extends Handler {
        final List<LogRecord> records = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aServerFaultIsA500WithAnIdAndNothingElse() throws Exception {
        String study = DicomFiles.newUid();
        String series = DicomFiles.newUid();
        Path ct = DicomFiles.fresh(SharedData.require("dicom/wg04/CT1/CT1_UNC.dcm"), study, series);
        String sop = DicomFiles.sopInstanceUid(ct);
        assertEquals(200, Stow.post(base + "stores/faults/dicomweb/studies", List.of(Stow.Part.file(ct))).status());
        String headerKey = ObjectKeys.header(ObjectKeys.instancePrefix("faults", study, series, sop));
        objects.put(headerKey, "not a DICOM header at all".getBytes(StandardCharsets.US_ASCII));

        Captured log = new Captured();
        Logger root = Logger.getLogger("");
        root.addHandler(log);
        try {
            String instance = base + "stores/faults/dicomweb/studies/" + study + "/series/" + series + "/instances/" + sop;
            for (String[] request : List.of(new String[] {instance + "/frames/1", "multipart/related; type=\"application/octet-stream\""},
                    new String[] {instance + "/metadata", "application/dicom+json"})) {
                Http.Answer a = Http.get(request[0], "Accept", request[1]);
                String body = a.text();
                assertEquals(500, a.status(), request[0] + ": " + body);
                Matcher m = INCIDENT.matcher(body);
                assertTrue(m.find(), "a correlation id: " + body);
                for (String leak : List.of("Exception", "org.mist", "java.", ".java", "at ", headerKey, "faults/", "does not parse")) {
                    assertFalse(body.contains(leak), "the body shows \"" + leak + "\": " + body);
                }
                String id = m.group(1);
                LogRecord logged = log.records.stream().filter(r -> String.valueOf(r.getMessage()).contains(id)
                        || r.getParameters() != null && List.of(r.getParameters()).toString().contains(id)).findFirst().orElse(null);
                assertNotNull(logged, "the log names incident " + id);
                assertNotNull(logged.getThrown(), "the log has the stack trace of incident " + id);
                System.out.printf("%s -> %d %s", request[0].substring(request[0].lastIndexOf('/')), a.status(), body);
            }
        } finally {
            root.removeHandler(log);
        }
    }
}
