package org.mist.formats;

import com.pixelmed.dicom.AttributeList;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import org.mist.archive.FrameImage;
import org.mist.archive.FrameSource;
import org.mist.archive.Hierarchy.Format;
import org.mist.archive.LevelRequest;
import org.mist.archive.Refusal;
import org.mist.archive.Rendering;
import org.mist.archive.Retrieve;
import org.mist.archive.Scope;
import org.mist.nifti.NiftiHeader;
import org.mist.store.ArchiveIndex.InstanceRow;
import org.mist.store.ObjectKeys;
import org.mist.store.ObjectStore;
import org.mist.store.entity.Series;

/**
 * The NIfTI volume of a series at a level, written slice by slice to a stream (gzipped for {@code .nii.gz}):
 * memory holds a window of slices being decoded ahead ({@link Ahead}), and only each slice's level-k prefix
 * is read.
 */
@ApplicationScoped
public class VolumeExport {
    /** A volume ready to stream, the file name to give it, and the dcm2niix suffix in that name. */
    public interface Nifti {
        String fileName();

        String suffix();

        void writeTo(OutputStream out) throws IOException;
    }

    @Inject
    Retrieve retrieve;
    @Inject
    FrameSource frames;
    @Inject
    ObjectStore objects;
    @Inject
    Ahead ahead;

    /**
     * One task per frame, in slice order, each giving the voxels of its slices: a mosaic's frame is decoded
     * once for all its tiles, and the next frames decode while one is written.
     */
    private List<Callable<byte[]>> frameTasks(NiftiWriter.Volume volume, int k) {
        List<Callable<byte[]>> tasks = new ArrayList<>();
        List<NiftiWriter.Slice> slices = volume.slices();
        for (int i = 0; i < slices.size(); ) {
            int from = i;
            NiftiWriter.Slice head = slices.get(i);
            while (i < slices.size() && slices.get(i).row() == head.row() && slices.get(i).frame() == head.frame()) {
                i++;
            }
            List<NiftiWriter.Slice> group = slices.subList(from, i);
            tasks.add(() -> {
                Rendering rendering = Rendering.of(head.header());
                FrameImage image = frames.decode(head.row().frames().get(head.frame() - 1), k, rendering.format());
                ByteArrayOutputStream voxels = new ByteArrayOutputStream();
                for (NiftiWriter.Slice s : group) {
                    NiftiWriter.writeSlice(voxels, s.tile() < 0 ? image : NiftiWriter.tile(image, volume, s.tile()), rendering, volume);
                }
                return voxels.toByteArray();
            });
        }
        return tasks;
    }

    /** A NIfTI-origin volume: its own header, rescaled for level k; named as it came, with the level added. */
    private Nifti niftiOrigin(InstanceRow row, int k, boolean gzip) {
        String prefix = row.headerKey().substring(0, row.headerKey().lastIndexOf('/') + 1);
        NiftiHeader header = NiftiHeader.parse(objects.get(ObjectKeys.niftiHeader(prefix)));
        String base = row.sourceName().replaceAll(".*/", "").replaceAll("(?i)\\.nii(\\.gz)?$", "");
        String name = base + (k == 0 ? "" : "_level" + k) + (gzip ? ".nii.gz" : ".nii");
        return stream(name, "", header.atLevel(k), NiftiOriginOut.slices(header, row, k, frames), gzip);
    }

    /**
     * The NIfTI files of the series {@code scope} names, planned before anything is written: one, or one per echo
     * and image component of an enhanced series. Refused when the series is not there, cannot leave as NIfTI, is
     * not a volume, or has no such level.
     */
    public List<Nifti> niftis(Scope scope, LevelRequest level, boolean gzip) {
        if (scope.series() == null || scope.sop() != null) {
            throw Refusal.BAD_REQUEST.because("a NIfTI volume is a series");
        }
        List<InstanceRow> rows = retrieve.instances(scope, Format.NIFTI);
        rows.forEach(Retrieve::requirePixels);
        int k = level.levelFor(rows.get(0).frames().get(0));
        if (rows.get(0).originFormat() == Series.OriginFormat.NIFTI) {
            return List.of(niftiOrigin(rows.get(0), k, gzip));
        }
        List<AttributeList> headers = new ArrayList<>(rows.size());
        for (InstanceRow r : rows) {
            headers.add(retrieve.header(r));
        }
        List<Nifti> out = new ArrayList<>();
        for (NiftiWriter.Part part : NiftiWriter.plan(rows, headers, k)) {
            String name = scope.series() + part.suffix() + (k == 0 ? "" : "_level" + k) + (gzip ? ".nii.gz" : ".nii");
            out.add(stream(name, part.suffix(), NiftiWriter.header(part.volume(), k), frameTasks(part.volume(), k), gzip));
        }
        return out;
    }

    /**
     * One NIfTI file of the series: the one with dcm2niix's {@code suffix} ({@code _ph}, {@code _e2}), or, when
     * {@code suffix} is null or empty, the one dcm2niix names without a suffix (a series' only volume, or the
     * magnitude beside a phase).
     */
    public Nifti nifti(Scope scope, LevelRequest level, boolean gzip, String suffix) {
        List<Nifti> all = niftis(scope, level, gzip);
        String wanted = suffix == null ? "" : suffix;
        return all.stream().filter(n -> n.suffix().equals(wanted)).findFirst().orElseThrow(() -> {
            String names = String.join(", ", all.stream().map(Nifti::suffix).toList());
            return wanted.isEmpty()
                    ? Refusal.NOT_ACCEPTABLE.because("the series holds " + all.size() + " volumes, suffixed as dcm2niix "
                            + "names them: " + names + "; ask for one with suffix=, or export the series as NIfTI to get each")
                    : Refusal.NOT_FOUND.because("the series has no volume suffixed '" + suffix + "'; it has: " + names);
        });
    }

    /**
     * A volume as its header then the tasks' bytes in order. Gzipped, each piece is compressed by its task into a
     * gzip member of its own (RFC 1952 allows a file of several; zlib, nibabel, dcm2niix and Java read them), so
     * compression runs on all cores, as pigz would.
     */
    private Nifti stream(String name, String suffix, byte[] header, List<Callable<byte[]>> pieces, boolean gzip) {
        List<Callable<byte[]>> tasks = new ArrayList<>();
        for (Callable<byte[]> p : pieces) {
            tasks.add(gzip ? () -> gzipMember(p.call()) : p);
        }
        return new Nifti() {
            @Override
            public String fileName() {
                return name;
            }

            @Override
            public String suffix() {
                return suffix;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                out.write(gzip ? gzipMember(header) : header);
                ahead.run(tasks, out::write);
                out.flush();
            }
        };
    }

    private static byte[] gzipMember(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
        try (GZIPOutputStream z = new GZIPOutputStream(out, 1 << 16)) {
            z.write(data);
        }
        return out.toByteArray();
    }
}
