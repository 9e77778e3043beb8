package org.mist.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** DCMTK's network tools (Debian {@code dcmtk}) as test peers. */
public final class Dcmtk {
    /** What a tool printed and how it ended. */
    public record Run(int exit, String output) {
    }

    private Dcmtk() {
    }

    public static Run run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(Arrays.toString(command) + " did not finish");
        }
        return new Run(p.exitValue(), out);
    }

    /** dcm2json's DICOM JSON of a file (its warnings aside), or null when DCMTK cannot read the file. */
    public static com.fasterxml.jackson.databind.JsonNode json(java.nio.file.Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("dcm2json", "-fc", file.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        return p.waitFor() == 0 && out.length > 0
                ? new com.fasterxml.jackson.databind.ObjectMapper().readTree(new String(out, java.nio.charset.StandardCharsets.UTF_8))
                : null;
    }

    /**
     * dcmdump's view of a file's data set, every value in full: File Meta Information left out, and how sequence
     * and item lengths were encoded (explicit or undefined), which says nothing about the attributes. Native 8-bit
     * Pixel Data may be OB or OW (PS3.5 8.2): it is shown as its bytes, little endian, either way.
     */
    public static List<String> dataSet(Path file) throws IOException, InterruptedException {
        Run r = run("dcmdump", "-q", "+L", file.toString());
        assertEquals(0, r.exit(), r.output());
        List<String> out = new ArrayList<>();
        for (String line : r.output().split("\n")) {
            String l = line.replaceAll("\\((Sequence|Item) with (explicit|undefined) length #=\\d+\\)", "($1)");
            int comment = l.lastIndexOf(" #");
            l = (comment > 0 ? l.substring(0, comment) : l).stripTrailing();
            if (!l.isBlank() && !l.startsWith("#") && !l.trim().startsWith("(0002,") && !l.contains("Delimitation")
                    && !l.contains("(fffe,e00d)") && !l.contains("(fffe,e0dd)")) {
                out.add(l.startsWith("(7fe0,0010) OW ") || l.startsWith("(7fe0,0010) OB ") ? pixelBytes(l) : l);
            }
        }
        return out;
    }

    private static String pixelBytes(String line) {
        String[] values = line.substring(15).split("\\\\");
        StringBuilder bytes = new StringBuilder("(7fe0,0010) bytes");
        for (String v : values) {
            if (v.length() == 4) {  // an OW word, little endian on the wire
                bytes.append(' ').append(v, 2, 4).append(' ').append(v, 0, 2);
            } else {
                bytes.append(' ').append(v);
            }
        }
        return bytes.toString();
    }

    /** Fails, naming the first line that differs (cut short), unless the two files' data sets are alike. */
    public static void assertSameDataSet(Path expected, Path actual, String what) throws IOException, InterruptedException {
        List<String> e = dataSet(expected);
        List<String> a = dataSet(actual);
        for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
            String x = i < e.size() ? e.get(i) : "(nothing)";
            String y = i < a.size() ? a.get(i) : "(nothing)";
            if (!x.equals(y)) {
                throw new AssertionError(what + ": line " + (i + 1) + " differs:\n  expected " + cut(x) + "\n  actual   " + cut(y));
            }
        }
    }

    private static String cut(String line) {
        return line.length() > 160 ? line.substring(0, 160) + "..." : line;
    }

    /**
     * C-FIND (Study Root) on MIST's DICOM node as MISTTEST with {@code keys} ("QueryRetrieveLevel=STUDY", ...); the
     * response files findscu wrote, one per match.
     */
    public static List<Path> find(int dimsePort, String... keys) throws Exception {
        Path dir = Files.createTempDirectory("mist-findscu-");
        List<String> command = new ArrayList<>(List.of("findscu", "-aet", "MISTTEST", "-aec", "MIST", "-S", "-X", "-od", dir.toString()));
        for (String k : keys) {
            command.addAll(List.of("-k", k));
        }
        command.addAll(List.of("127.0.0.1", Integer.toString(dimsePort)));
        Run r = run(command.toArray(String[]::new));
        assertEquals(0, r.exit(), r.output());
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    /**
     * C-MOVE of a study from MIST's DICOM node (calling AE MISTTEST) to a storescp started for it as RECV on the
     * tests' receiver port; the folder the files arrived in.
     */
    public static Path moveStudyToStorescp(String study, int dimsePort) throws Exception {
        Path received = Files.createTempDirectory("mist-storescp-");
        Process storescp = start("storescp", "-aet", "RECV", "-od", received.toString(), Integer.toString(TestServers.dimseReceiverPort()));
        try {
            Thread.sleep(500);
            List<String> command = new ArrayList<>(List.of("movescu", "-aet", "MISTTEST", "-aec", "MIST", "-aem", "RECV", "-S"));
            command.addAll(List.of("-k", "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=" + study, "127.0.0.1",
                    Integer.toString(dimsePort)));
            Run move = run(command.toArray(String[]::new));
            assertEquals(0, move.exit(), move.output());
        } finally {
            storescp.destroy();
            storescp.waitFor();
        }
        return received;
    }

    public static Process start(String... command) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    /**
     * A storescu configuration (PS: DCMTK's storescu.cfg format) whose profile "MIST" proposes, for each SOP
     * class among {@code files}, one presentation context per transfer syntax those files are in, so that
     * storescu sends every file as it is (its default proposes uncompressed syntaxes only, and it cannot
     * convert JPEG-LS, JPEG 2000 or RLE to them).
     */
    public static Path storescuConfig(List<Path> files, Path dir) throws Exception {
        Map<String, Set<String>> syntaxesByClass = new LinkedHashMap<>();
        for (Path f : files) {
            AttributeList meta = new AttributeList();
            meta.read(f.toString(), TagFromName.PatientID);
            syntaxesByClass.computeIfAbsent(Attribute.getSingleStringValueOrEmptyString(meta, TagFromName.MediaStorageSOPClassUID),
                    k -> new LinkedHashSet<>()).add(Attribute.getSingleStringValueOrEmptyString(meta, TagFromName.TransferSyntaxUID));
        }
        List<String> syntaxes = new ArrayList<>(syntaxesByClass.values().stream().flatMap(Set::stream).distinct().toList());
        StringBuilder cfg = new StringBuilder("[[TransferSyntaxes]]\n");
        for (int i = 0; i < syntaxes.size(); i++) {
            cfg.append("[TS").append(i).append("]\nTransferSyntax1 = ").append(syntaxes.get(i)).append('\n');
        }
        cfg.append("[[PresentationContexts]]\n[MIST]\n");
        int n = 0;
        for (Map.Entry<String, Set<String>> e : syntaxesByClass.entrySet()) {
            for (String ts : e.getValue()) {
                cfg.append("PresentationContext").append(++n).append(" = ").append(e.getKey()).append("\\TS")
                        .append(syntaxes.indexOf(ts)).append('\n');
            }
        }
        if (n > 128) {
            throw new AssertionError(n + " presentation contexts: more than one association may carry");
        }
        cfg.append("[[Profiles]]\n[MIST]\nPresentationContexts = MIST\n");
        Path out = dir.resolve("storescu.cfg");
        Files.writeString(out, cfg);
        return out;
    }
}
