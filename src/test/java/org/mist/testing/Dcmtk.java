package org.mist.testing;

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
