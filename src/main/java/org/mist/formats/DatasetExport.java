package org.mist.formats;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.mist.archive.ArchiveException;
import org.mist.archive.FrameSource;
import org.mist.archive.Hierarchy.Format;
import org.mist.archive.LevelRequest;
import org.mist.archive.Queries;
import org.mist.archive.Refusal;
import org.mist.archive.Retrieve;
import org.mist.archive.Scope;
import org.mist.archive.TempSpace;
import org.mist.store.ArchiveIndex.FrameRow;
import org.mist.store.ArchiveIndex.InstanceRow;
import org.mist.store.ChangeLog;
import org.mist.store.entity.Series;

/**
 * A store, study or series as one streamed tar in DICOM (Explicit VR Little Endian, derived at level k > 0),
 * NIfTI (one volume per series) or PNG/JPEG (one file per frame), with {@code manifest.csv} last: each file
 * of the tar with its study, series and instance UIDs, frame, level and size. Files are written one at a time,
 * so memory holds one instance (or, for NIfTI, one slice: volumes go through a temporary file).
 */
@ApplicationScoped
public class DatasetExport {
    /**
     * What to export: a store, study or series, the form, the level asked for, and (when {@code since} > 0) only
     * the instances created, updated or restored after that change feed entry; a NIfTI volume is whole when any of its slices is new.
     */
    public record Selection(Scope scope, Format format, LevelRequest level, long since) {
        public Selection {
            if (scope.sop() != null) {
                throw Refusal.BAD_REQUEST.because("an export is of a store, study or series");
            }
        }

        public Selection(Scope scope, Format format, LevelRequest level) {
            this(scope, format, level, 0);
        }
    }

    /** What one export did. */
    public record Summary(int files, long bytesWritten, long bytesRead, List<Skipped> skipped) {
    }

    /** A series the export left out, and why (also in the tar, as {@code skipped.csv}). */
    public record Skipped(String study, String series, String reason) {
        @Override
        public String toString() {
            return study + "/" + series + ": " + reason;
        }
    }

    @Inject
    Queries queries;
    @Inject
    Retrieve retrieve;
    @Inject
    InstanceWriter writer;
    @Inject
    FrameSource frames;
    @Inject
    FrameImages images;
    @Inject
    VolumeExport volumes;
    @Inject
    Ahead ahead;
    @Inject
    TempSpace temp;
    @Inject
    ChangeLog changes;

    /** The series a selection covers, each with its instances; checks the format hierarchy first. */
    public List<List<InstanceRow>> plan(Selection s) {
        List<List<InstanceRow>> all = queries.series(s.scope(), s.format());
        if (s.since() == 0) {
            return all;
        }
        Set<String> changedAfter = changes.changedAfter(s.scope().store(), s.since());
        List<List<InstanceRow>> out = new ArrayList<>();
        for (List<InstanceRow> rows : all) {
            List<InstanceRow> changed = rows.stream().filter(r -> changedAfter.contains(r.sopInstanceUid())).toList();
            if (!changed.isEmpty()) {
                out.add(s.format() == Format.NIFTI ? rows : changed);
            }
        }
        if (out.isEmpty()) {
            throw Refusal.NOT_FOUND.because("nothing to export: no instance of " + s.scope().describe()
                    + " was created, updated or restored after change " + s.since());
        }
        return out;
    }

    /** What an export will cost before it runs: its files, the stored bytes it reads, and all the stored bytes. */
    public record Estimate(int files, long bytesToRead, long storedBytes) {
    }

    /**
     * The bytes {@link #write} reads from the object store for {@code series}, frame by frame at the level each
     * file takes (the prefix of an HTJ2K frame, a whole fallback frame), without reading anything. It counts a
     * NIfTI file per series: an enhanced series of several echoes or components writes more files, and a series
     * that is not a volume is skipped by the export, though counted here.
     */
    public Estimate estimate(Selection s, List<List<InstanceRow>> series) {
        int files = 0;
        long read = 0;
        long stored = 0;
        for (List<InstanceRow> rows : series) {
            InstanceRow image = firstImage(rows);
            int seriesLevel = image == null ? 0 : s.level().levelAtMost(image.frames().get(0));
            files += s.format() == Format.NIFTI && image != null ? 1 : 0;
            for (InstanceRow row : rows) {
                int instanceLevel = row.hasPixels() ? s.level().levelAtMost(row.frames().get(0)) : 0;
                files += s.format() == Format.DICOM ? 1 : 0;
                for (FrameRow f : row.frames()) {
                    int k = switch (s.format()) {
                        case NIFTI -> seriesLevel;
                        case DICOM -> instanceLevel;
                        default -> s.level().levelAtMost(f);
                    };
                    files += s.format() == Format.PNG || s.format() == Format.JPEG ? 1 : 0;
                    read += f.prefixLength(k);
                    stored += f.byteSize();
                }
            }
        }
        return new Estimate(files, read, stored);
    }

    /** Streams the tar; {@code progress} hears of every file written. */
    public Summary write(Selection s, List<List<InstanceRow>> series, OutputStream out, Consumer<String> progress) throws IOException {
        TarWriter tar = new TarWriter(out);
        StringBuilder manifest = new StringBuilder("file,study_instance_uid,series_instance_uid,sop_instance_uid,frame,level,bytes,source_name\n");
        List<Skipped> skipped = new ArrayList<>();
        long readBefore = frames.bytesRead();
        int files = 0;
        for (List<InstanceRow> rows : series) {
            InstanceRow first = rows.get(0);
            String dir = first.study() + "/" + first.series();
            InstanceRow image = firstImage(rows);
            if (s.format() != Format.DICOM && image == null) {
                skipped.add(new Skipped(first.study(), first.series(), "no instance has Pixel Data (SOP Class "
                        + first.sopClassUid() + "); it leaves only as DICOM"));
                continue;
            }
            if (s.format() == Format.NIFTI) {
                try {
                    int level = s.level().levelAtMost(image.frames().get(0));  // a dataset clamps, as for PNG
                    for (VolumeExport.Nifti nifti : volumes.niftis(Scope.series(s.scope().store(), first.study(),
                            first.series()), new LevelRequest(level, null), true)) {
                        String name = first.study() + "/" + nifti.fileName();
                        long size = addVolume(tar, name, nifti);
                        manifest.append(csv(name, first.study(), first.series(), "", "", level, size, first.sourceName()));
                        files++;
                        progress.accept(name);
                    }
                } catch (ArchiveException e) {
                    if (e.refusal() != Refusal.NOT_ACCEPTABLE) {
                        throw e;
                    }
                    // not a volume: the rest of the export goes on, and skipped.csv says why this one is not there
                    skipped.add(new Skipped(first.study(), first.series(), e.getMessage()));
                }
                continue;
            }
            int[] written = {files};
            ahead.run(entryTasks(s, rows, dir), e -> {
                tar.add(e.name(), e.bytes());
                manifest.append(e.manifestLine());
                written[0]++;
                progress.accept(e.name());
            });
            files = written[0];
        }
        if (!skipped.isEmpty()) {
            StringBuilder csv = new StringBuilder("study_instance_uid,series_instance_uid,reason\n");
            skipped.forEach(k -> csv.append(k.study()).append(',').append(k.series()).append(',').append(cell(k.reason()))
                    .append('\n'));
            tar.add("skipped.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        }
        tar.add("manifest.csv", manifest.toString().getBytes(StandardCharsets.UTF_8));
        tar.finish();
        return new Summary(files, tar.bytesWritten(), frames.bytesRead() - readBefore, skipped);
    }

    /** The first instance of a series that has Pixel Data, or null (a series of reports, say). */
    private static InstanceRow firstImage(List<InstanceRow> rows) {
        return rows.stream().filter(InstanceRow::hasPixels).findFirst().orElse(null);
    }

    /** A volume into the tar through a temporary file, since a tar entry needs its size first; its size. */
    private long addVolume(TarWriter tar, String name, VolumeExport.Nifti nifti) throws IOException {
        Path tmp = temp.newFile("export-", ".nii.gz");
        try {
            try (OutputStream o = Files.newOutputStream(tmp)) {
                nifti.writeTo(o);
            }
            try (InputStream in = Files.newInputStream(tmp)) {
                tar.add(name, in, Files.size(tmp));
            }
            return Files.size(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** One file of the tar and its manifest line. */
    private record Entry(String name, byte[] bytes, String manifestLine) {
    }

    /**
     * The series' files as tasks, in order: one per instance for DICOM, one per frame for PNG/JPEG (each
     * instance's header read once, by whichever of its frames comes first).
     */
    private List<Callable<Entry>> entryTasks(Selection s, List<InstanceRow> rows, String dir) {
        String ext = s.format().lowerCase();
        List<Callable<Entry>> tasks = new ArrayList<>();
        for (InstanceRow row : rows) {
            if (s.format() == Format.DICOM) {
                int level = row.hasPixels() ? s.level().levelAtMost(row.frames().get(0)) : 0;
                tasks.add(() -> {
                    byte[] dcm = writer.write(row, DicomOut.EXPLICIT_LE, level).bytes();
                    String name = dir + "/" + row.sopInstanceUid() + ".dcm";
                    return new Entry(name, dcm, csv(name, row.study(), row.series(), row.sopInstanceUid(), "", level, dcm.length,
                            null));
                });
                continue;
            }
            for (FrameRow f : row.frames()) {
                int frameLevel = s.level().levelAtMost(f);
                tasks.add(() -> {
                    byte[] image = images.image(f, retrieve.rendering(row, f.number()), frameLevel, ext, null);
                    String name = dir + "/" + fileName(row) + (row.frames().size() > 1 ? "_" + f.number() : "") + "." + ext;
                    return new Entry(name, image, csv(name, row.study(), row.series(), row.sopInstanceUid(),
                            Integer.toString(f.number()), frameLevel, image.length, row.sourceName()));
                });
            }
        }
        return tasks;
    }

    /**
     * The name a frame's file takes: the file name it arrived under (PNG/JPEG origin, extension dropped, so the
     * export gives the names back) when it fits a tar header beside the study and series UIDs, else its SOP
     * Instance UID.
     */
    private static String fileName(InstanceRow row) {
        if (row.sourceName() == null || row.originFormat() == Series.OriginFormat.NIFTI) {
            return row.sopInstanceUid();
        }
        String name = row.sourceName().replaceAll("\\.[A-Za-z]{3,4}$", "").replaceAll("[^A-Za-z0-9._/-]", "_")
                .replaceAll("^/+", "").replace("..", "_");
        // ustar holds a 155-byte directory and a 100-byte name: longer names stay in the manifest only.
        boolean fits = name.length() <= 60 && name.substring(name.lastIndexOf('/') + 1).length() <= 60;
        return fits ? name : row.sopInstanceUid();
    }

    private static String csv(String file, String study, String series, String sop, String frame, int level, long bytes,
                              String source) {
        return String.join(",", cell(file), study, series, sop, frame, Integer.toString(level), Long.toString(bytes),
                source == null ? "" : quoted(neutral(source))) + "\n";
    }

    /**
     * A CSV cell of a name that came from outside: quoted when it needs it, and a leading {@code = + - @}
     * (or tab, CR) neutralised with a quote mark so that no spreadsheet reads the name as a formula.
     */
    public static String cell(String value) {
        String v = neutral(value);
        boolean quote = !v.equals(value) || v.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
        return quote ? quoted(v) : v;
    }

    private static String neutral(String v) {
        return !v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0 ? "'" + v : v;
    }

    private static String quoted(String v) {
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }
}
