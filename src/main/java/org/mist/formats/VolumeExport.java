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
import org.mist.nifti.NiftiHeader;
import org.mist.store.ArchiveIndex;
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
    /** A volume ready to stream, and the file name to give it. */
    public interface Nifti {
        String fileName();

        void writeTo(OutputStream out) throws IOException;
    }

    @Inject
    ArchiveIndex index;
    @Inject
    InstanceWriter writer;
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
        return stream(name, header.atLevel(k), NiftiOriginOut.slices(header, row, k, frames), gzip);
    }

    /**
     * Plans the export; throws IllegalArgumentException (the request cannot be met: wrong origin, not a
     * volume) or IllegalStateException (nothing there). {@code level} or {@code resolution} may be null.
     */
    public Nifti nifti(String store, String study, String series, Integer level, Integer resolution, boolean gzip) {
        List<InstanceRow> rows = index.instances(store, study, series, null);
        if (rows.isEmpty()) {
            throw new IllegalStateException("no series " + series + " in study " + study + " of store " + store);
        }
        Series.OriginFormat origin = rows.get(0).originFormat();
        if (origin != Series.OriginFormat.DICOM && origin != Series.OriginFormat.NIFTI) {
            throw new UnsupportedOperationException(origin + "-origin data cannot be served as NIfTI: a "
                    + origin + " image has no volume geometry to convert up to");
        }
        ArchiveIndex.FrameRow f = rows.get(0).frames().get(0);
        int k = FrameImages.level(f, level, resolution);
        if (origin == Series.OriginFormat.NIFTI) {
            return niftiOrigin(rows.get(0), k, gzip);
        }
        List<AttributeList> headers = new ArrayList<>(rows.size());
        for (InstanceRow r : rows) {
            headers.add(writer.header(r));
        }
        NiftiWriter.Volume volume = NiftiWriter.plan(rows, headers, k);
        String name = series + (k == 0 ? "" : "_level" + k) + (gzip ? ".nii.gz" : ".nii");
        return stream(name, NiftiWriter.header(volume, k), frameTasks(volume, k), gzip);
    }

    /**
     * A volume as its header then the tasks' bytes in order. Gzipped, each piece is compressed by its task into a
     * gzip member of its own (RFC 1952 allows a file of several; zlib, nibabel, dcm2niix and Java read them), so
     * compression runs on all cores, as pigz would.
     */
    private Nifti stream(String name, byte[] header, List<Callable<byte[]>> pieces, boolean gzip) {
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
