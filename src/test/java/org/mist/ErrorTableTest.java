package org.mist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.mist.archive.Refusal;
import org.mist.cli.CliRefusals;
import org.mist.dicomweb.HttpRefusals;
import org.mist.dimse.DimseRefusals;

/**
 * {@code docs/ERRORS.md} is generated from the doors' mappings (HTTP, DIMSE, the command line) and must
 * match them: change a mapping, then regenerate with {@code ./mvnw test -Dtest=ErrorTableTest -Dmist.docs.write=true}.
 */
class ErrorTableTest {
    private static final Path DOC = Path.of("docs/ERRORS.md");

    static String table() {
        StringBuilder b = new StringBuilder("""
                # Errors: one vocabulary, one mapping per door

                Generated from `archive/Refusal`, `dicomweb/HttpRefusals`, `dimse/DimseRefusals` and `cli/CliRefusals` by
                `ErrorTableTest` (which fails when this file and the code differ). The archive refuses a request with a
                kind and a reason in words the client may read; each door maps the kind once. For a query or retrieve over
                DIMSE, nothing there is not a failure: zero matches, or zero sub-operations (PS3.4 C.4).

                | Kind | Meaning | HTTP | DIMSE status | `mist` exit status |
                |---|---|---|---|---|
                """);
        for (Refusal r : Refusal.values()) {
            b.append(String.format("| `%s` | %s | %d | 0x%04X | %d |%n", r, r.meaning(), HttpRefusals.status(r),
                    DimseRefusals.status(r), CliRefusals.exitStatus(r)));
        }
        b.append(String.format("| (anything else) | a fault of the server: the answer carries a correlation id, the log the "
                + "stack trace under the same id | 500 | 0x%04X (C-FIND, C-MOVE, C-GET); 0x0110 for a C-STORE | 1 |%n",
                DimseRefusals.UNABLE_TO_PROCESS));
        return b.toString();
    }

    @Test
    void theDocumentIsTheMapping() throws Exception {
        String table = table();
        if (Boolean.getBoolean("mist.docs.write")) {
            Files.writeString(DOC, table);
        }
        assertEquals(table, Files.readString(DOC), "docs/ERRORS.md is out of date: regenerate it (see this class)");
    }
}
