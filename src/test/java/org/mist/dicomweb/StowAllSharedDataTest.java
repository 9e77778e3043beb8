package org.mist.dicomweb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import com.pixelmed.dicom.TagFromName;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.mist.codec.ImageSpec;
import org.mist.codec.Samples;
import org.mist.store.ObjectStore;
import org.mist.store.entity.Frame;
import org.mist.testing.ArchiveCheck;
import org.mist.testing.Oracles;
import org.mist.testing.SharedData;
import org.mist.testing.SourcePixels;
import org.mist.testing.Stow;
import org.mist.testing.StoredPixels;
import org.mist.testing.TestServers;

/**
 * Every file of ../shared/data/dicom goes through STOW-RS over real HTTP into PostgreSQL and S3 (S3Proxy,
 * through minio-java). Each is stored or refused with a reason; the stored pixels of every source,
 * decoded, equal the source decoded independently (DCMTK; for JPEG 2000 the uncompressed twin or Grok).
 */
@QuarkusTest
@QuarkusTestResource(TestServers.class)
class StowAllSharedDataTest {
    /** Sources MIST refuses today, with the reason it gives (docs/DECISIONS.md): none at present. */
    private static final Map<String, String> KNOWN_REFUSALS = Map.of();
    /** Lossy transfer syntaxes: compared with the independent decoder, within 1 for JPEG 2000's float 9/7. */
    private static final Set<String> LOSSY = Set.of("1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51",
            "1.2.840.10008.1.2.4.81", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.203");

    @TestHTTPResource("/")
    URL base;
    @Inject
    EntityManager em;
    @Inject
    ObjectStore objects;

    private record Source(Path file, String relative, String sopInstanceUid, String transferSyntaxUid, String store) {
    }

    @Test
    @Transactional
    void everyFileIsStoredOrRefusedWithAReasonAndStoredPixelsAreExact() throws Exception {
        Path root = SharedData.require("dicom");
        List<Source> sources = sources(root);
        Map<String, List<Source>> byStore = new LinkedHashMap<>();
        sources.forEach(s -> byStore.computeIfAbsent(s.store(), k -> new ArrayList<>()).add(s));

        Map<Source, Stow.Outcome> outcomes = new LinkedHashMap<>();
        for (Map.Entry<String, List<Source>> e : byStore.entrySet()) {
            List<Source> all = e.getValue();
            for (int i = 0; i < all.size(); i += 30) {
                List<Source> batch = all.subList(i, Math.min(all.size(), i + 30));
                Stow.Response r = Stow.post(base + "stores/" + e.getKey() + "/dicomweb/studies",
                        batch.stream().map(s -> Stow.Part.file(s.file())).toList());
                assertTrue(r.status() == 200 || r.status() == 202, "STOW status " + r.status() + ": " + r.body());
                for (Source s : batch) {
                    Stow.Outcome o = r.outcomes().get(s.sopInstanceUid());
                    assertNotNull(o, "no outcome for " + s.relative() + " in " + r.body());
                    outcomes.put(s, o);
                }
            }
        }

        int checkedFrames = 0;
        List<String> refused = new ArrayList<>();
        Path work = Files.createTempDirectory("mist-stow-test");
        for (Map.Entry<Source, Stow.Outcome> e : outcomes.entrySet()) {
            Source s = e.getKey();
            Stow.Outcome o = e.getValue();
            if (!o.stored()) {
                assertTrue(o.reason() != null && !o.reason().isBlank() && o.failureReason() != 0, "refused without a reason: " + s.relative());
                String known = KNOWN_REFUSALS.entrySet().stream().filter(k -> s.relative().endsWith(k.getKey()))
                        .map(Map.Entry::getValue).findFirst().orElse(null);
                assertNotNull(known, s.relative() + " was refused: " + o.reason());
                assertTrue(o.reason().contains(known), s.relative() + ": " + o.reason());
                assertEquals(0, ArchiveCheck.instanceRows(em, s.sopInstanceUid()) - storedElsewhere(outcomes, s), s.relative());
                refused.add(s.relative() + ": " + o.reason());
                continue;
            }
            checkedFrames += checkPixels(s, work);
        }
        System.out.printf("STOW of %d files: %d stored (%d frames checked), %d refused:%n", outcomes.size(),
                outcomes.size() - refused.size(), checkedFrames, refused.size());
        refused.forEach(r -> System.out.println("  " + r));
        assertTrue(checkedFrames > sources.size(), "too few frames checked: " + checkedFrames);

        // The WG04 lossless variants hold the same pixels as their uncompressed twin.
        for (Source s : outcomes.keySet()) {
            if (s.relative().startsWith("wg04/") && s.relative().matches(".*_(RLE|J2KR|JLSL|JPLL)\\.dcm") && outcomes.get(s).stored()) {
                Source twin = outcomes.keySet().stream().filter(t -> t.relative().equals(s.relative().replaceAll("_[A-Z0-9]+\\.dcm$", "_UNC.dcm")))
                        .findFirst().orElseThrow();
                assertSameStoredPixels(s, twin);
            }
        }
        ArchiveCheck.consistent(em, objects, "all", "variant-2", "variant-3", "variant-4", "variant-5", "variant-6");
    }

    /** Rows of the same UID stored from another file (another store): not this file's doing. */
    private long storedElsewhere(Map<Source, Stow.Outcome> outcomes, Source s) {
        return outcomes.entrySet().stream().filter(e -> e.getKey() != s && e.getValue().stored()
                && e.getKey().sopInstanceUid().equals(s.sopInstanceUid())).count();
    }

    private int checkPixels(Source s, Path work) throws Exception {
        List<Frame> frames = ArchiveCheck.frames(em, s.store(), s.sopInstanceUid());
        assertFalse(frames.isEmpty(), "no frame rows for " + s.relative());
        SourcePixels expected = SourcePixels.tool(s.transferSyntaxUid()) != null
                ? SourcePixels.decode(s.file(), s.transferSyntaxUid(), work) : twinOrOracle(s, frames);
        assertEquals(expected.frames(), frames.size(), s.relative());
        boolean lossy = LOSSY.contains(s.transferSyntaxUid());
        for (Frame f : frames) {
            StoredPixels stored = StoredPixels.decode(f, objects.get(f.objectKey), expected.bitsAllocated());
            assertEquals(expected.columns(), f.width, s.relative());
            assertEquals(expected.rows(), f.height, s.relative());
            int pixels = expected.rows() * expected.columns();
            int maxDiff = 0;
            for (int i = 0; i < pixels; i++) {
                for (int c = 0; c < expected.samplesPerPixel(); c++) {
                    int want = expected.sample(f.frameNumber - 1, i, c);
                    int got = stored.sample(i, c);
                    if (want != got) {
                        if (!lossy) {
                            fail(s.relative() + " frame " + f.frameNumber + " pixel " + i + " sample " + c + ": stored " + got + ", source " + want);
                        }
                        int d = Math.abs(want - got);
                        maxDiff = Math.max(maxDiff, Math.min(d, (1 << expected.bitsAllocated()) - d));
                    }
                }
            }
            assertTrue(maxDiff <= 1, s.relative() + ": lossy source decoded differently by " + maxDiff);
            if (lossy && f.frameNumber == 1) {
                System.out.printf("  lossy %s: largest difference from the independent decoder %d%n", s.relative(), maxDiff);
            }
        }
        return frames.size();
    }

    /** JPEG 2000 has no DCMTK decoder: the uncompressed twin of the same image, else Grok or OpenJPEG. */
    private SourcePixels twinOrOracle(Source s, List<Frame> frames) throws Exception {
        Path twin = LOSSY.contains(s.transferSyntaxUid()) ? null : twinOf(s.file());
        if (twin != null) {
            return SourcePixels.read(twin);
        }
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false);
        list.read(s.file().toString());
        byte[][] codestreams = ((OtherByteAttributeMultipleCompressedFrames) list.get(TagFromName.PixelData)).getFrames();
        int rows = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Rows, 0);
        int cols = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Columns, 0);
        int spp = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.SamplesPerPixel, 1);
        int allocated = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsAllocated, 16);
        Oracles oracle = Oracles.available().get(Oracles.available().size() - 1);
        short[] words16 = allocated == 16 ? new short[rows * cols * spp * codestreams.length] : null;
        byte[] words8 = allocated == 8 ? new byte[rows * cols * spp * codestreams.length] : null;
        for (int k = 0; k < codestreams.length; k++) {
            Frame f = frames.get(k);
            Samples d = oracle.decode(codestreams[k], new ImageSpec(cols, rows, spp, f.bitDepth, f.signed));
            for (int i = 0; i < rows * cols; i++) {
                for (int c = 0; c < spp; c++) {
                    int v = d.get(i % cols, i / cols, c);
                    int at = k * rows * cols * spp + i * spp + c;
                    if (words16 != null) {
                        words16[at] = (short) v;
                    } else {
                        words8[at] = (byte) v;
                    }
                }
            }
        }
        return new SourcePixels(words16 != null ? words16 : words8, codestreams.length, rows, cols, spp, allocated, false,
                Attribute.getSingleStringValueOrEmptyString(list, TagFromName.PhotometricInterpretation));
    }

    /** The same image stored uncompressed in the data set, when there is one. */
    private static Path twinOf(Path file) {
        String name = file.getFileName().toString();
        Path candidate = null;
        if (name.matches(".*_(RLE|J2KR|JLSL|JPLL)\\.dcm")) {
            candidate = file.resolveSibling(name.replaceAll("_[A-Z0-9]+\\.dcm$", "_UNC.dcm"));
        } else if (name.equals("9.dcm") && file.getParent().endsWith("In")) {
            candidate = file.resolveSibling("1.dcm");
        } else if (name.startsWith("MR_small_")) {
            candidate = file.resolveSibling("MR_small.dcm");
        } else if (name.startsWith("emri_small_")) {
            candidate = file.resolveSibling("emri_small.dcm");
        }
        return candidate != null && Files.exists(candidate) ? candidate : null;
    }

    private void assertSameStoredPixels(Source a, Source b) throws Exception {
        List<Frame> fa = ArchiveCheck.frames(em, a.store(), a.sopInstanceUid());
        List<Frame> fb = ArchiveCheck.frames(em, b.store(), b.sopInstanceUid());
        assertEquals(fb.size(), fa.size(), a.relative());
        for (int k = 0; k < fa.size(); k++) {
            StoredPixels pa = StoredPixels.decode(fa.get(k), objects.get(fa.get(k).objectKey), 16);
            StoredPixels pb = StoredPixels.decode(fb.get(k), objects.get(fb.get(k).objectKey), 16);
            int n = fa.get(k).width * fa.get(k).height;
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < fa.get(k).components; c++) {
                    if (pa.sample(i, c) != pb.sample(i, c)) {
                        fail(a.relative() + " differs from " + b.relative() + " at pixel " + i);
                    }
                }
            }
        }
    }

    /** Every file, with the store it goes to: a UID seen before (same image in another encoding) gets its own store. */
    private static List<Source> sources(Path root) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        Map<String, Integer> seen = new HashMap<>();
        List<Source> out = new ArrayList<>();
        for (Path f : files) {
            AttributeList list = new AttributeList();
            list.read(f.toString(), TagFromName.PixelData);
            String uid = Attribute.getSingleStringValueOrNull(list, TagFromName.SOPInstanceUID);
            String ts = Attribute.getSingleStringValueOrNull(list, TagFromName.TransferSyntaxUID);
            int n = seen.merge(uid, 1, Integer::sum);
            out.add(new Source(f, root.relativize(f).toString(), uid, ts, n == 1 ? "all" : "variant-" + n));
        }
        return out;
    }
}
