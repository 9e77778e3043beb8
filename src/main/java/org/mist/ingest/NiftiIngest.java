package org.mist.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.mist.archive.Refusal;
import org.mist.dicom.Headers;
import org.mist.dicom.PixelFormat;
import org.mist.nifti.NiftiException;
import org.mist.nifti.NiftiHeader;
import org.mist.nifti.NiftiType;
import org.mist.store.ArchiveWriter;
import org.mist.store.InstanceObjects;
import org.mist.store.NewInstance;
import org.mist.store.ObjectKeys;
import org.mist.store.ObjectSink;
import org.mist.store.StoredFrame;

/**
 * NIfTI in: a {@code .nii} or {@code .nii.gz} becomes one series of one instance whose frames are its 2-D
 * slices (slice z of volume t is frame t*nz + z + 1), in the file's voxel order. The header and extensions
 * are kept byte for byte. The file is read twice: once to check that the data is exactly as long as the
 * header says (a gzip bomb stops one byte past that) and to hash it, then to encode, so a bad file writes
 * nothing.
 */
@ApplicationScoped
public class NiftiIngest {
    static final long MAX_SLICES = 1_000_000;

    @Inject
    ArchiveWriter archive;
    @Inject
    FramePool pool;
    @Inject
    IngestSettings settings;

    /** Ingests {@code file}, named {@code name} (its path as the client knows it), into {@code store}. */
    public NonDicomResult ingest(Path file, String store, String name) {
        NiftiHeader header;
        String sha256;
        long received;
        try {
            received = Files.size(file);
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(open(file), digest)) {
                header = readHeader(in);
                long data = header.dataBytes();
                if (header.voxOffset() + data > settings.maxVolumeBytes()) {
                    throw Refusal.TOO_LARGE.because("the header declares " + (header.voxOffset() + data)
                            + " bytes of volume, more than the limit of " + settings.maxVolumeBytes());
                }
                long got = skip(in, data + 1);
                if (got != data) {
                    throw Refusal.BAD_REQUEST.because("the dimensions " + header.nx() + "x" + header.ny() + "x" + header.slices()
                            + " of " + header.type() + " need " + data + " bytes of voxels, the file "
                            + (got < data ? "has " + got : "has more"));
                }
            }
            sha256 = HexFormat.of().formatHex(digest.digest());
        } catch (ZipException | EOFException e) {
            throw Refusal.BAD_REQUEST.because("the file is not a readable gzip/NIfTI stream: " + e.getMessage());
        } catch (NiftiException e) {
            throw e.unsupported() ? Refusal.UNSUPPORTED_MEDIA_TYPE.because(e.getMessage())
                    : Refusal.BAD_REQUEST.because("bad NIfTI header: " + e.getMessage());
        } catch (ArithmeticException e) {
            // the header's dimensions multiply past a long (Math.multiplyExact)
            throw Refusal.BAD_REQUEST.because("bad NIfTI header: its dimensions overflow");
        } catch (IOException e) {
            throw Refusal.BAD_REQUEST.because("cannot read the file: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (header.nx() > 65535 || header.ny() > 65535 || header.slices() > MAX_SLICES
                || header.sliceBytes() > PixelFormat.MAX_FRAME_BYTES) {
            throw Refusal.TOO_LARGE.because(header.slices() + " slices of " + header.nx() + "x" + header.ny() + " voxels: MIST takes "
                    + "at most 65535 a side, 1 GiB a slice and " + MAX_SLICES + " slices (one frame row each)");
        }
        String study = NonDicomInstance.uid("nifti:" + name, "study");
        String series = NonDicomInstance.uid("nifti:" + name, "series");
        String instance = NonDicomInstance.uid("nifti:" + name, "instance");
        PixelFormat format = format(header);
        NewInstance n = NonDicomInstance.describe(store, study, series, instance, "NIFTI", "nifti-" + header.version(), format,
                sha256, received, name, shorten(name));
        ArchiveWriter.Result r = archive.write(n, sink -> writeObjects(file, header, n, format, sink));
        return new NonDicomResult(name, "NIFTI", study, series, instance, format.frames(), received, r.storedBytes(),
                r.outcome() == ArchiveWriter.Outcome.ALREADY_STORED);
    }

    private static String shorten(String name) {
        return name.length() <= 64 ? name : name.substring(name.length() - 64);
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        boolean gzip = in.read() == 0x1F && in.read() == 0x8B;
        in.reset();
        return gzip ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    }

    /** The header and its extensions (everything up to vox_offset). */
    private static NiftiHeader readHeader(InputStream in) throws IOException {
        byte[] first = in.readNBytes(4);
        if (first.length < 4) {
            throw Refusal.BAD_REQUEST.because("bad NIfTI header: the file is shorter than a NIfTI header");
        }
        int size = NiftiHeader.headerSize(first);
        byte[] fixed = new byte[size];
        System.arraycopy(first, 0, fixed, 0, 4);
        readFully(in, fixed, 4, size - 4);
        long voxOffset = NiftiHeader.parse(fixed).voxOffset();
        byte[] all = Arrays.copyOf(fixed, (int) voxOffset);
        readFully(in, all, size, (int) voxOffset - size);
        return NiftiHeader.parse(all);
    }

    private static void readFully(InputStream in, byte[] b, int off, int len) throws IOException {
        if (in.readNBytes(b, off, len) != len) {
            throw Refusal.BAD_REQUEST.because("bad NIfTI header: the file ends inside its header (vox_offset)");
        }
    }

    /** Reads and drops up to {@code limit} bytes: how many there were. */
    private static long skip(InputStream in, long limit) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        while (total < limit) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total));
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /** The internal header's pixel module: the container the slices' values would have as DICOM words. */
    private static PixelFormat format(NiftiHeader h) {
        NiftiType t = h.type();
        int bits = t == NiftiType.RGB24 ? 8 : Math.min(32, t.sampleBytes() * 8);
        return new PixelFormat((int) h.ny(), (int) h.nx(), t.components(), bits, bits, bits - 1, t.signed(), false,
                t == NiftiType.RGB24 ? "RGB" : "MONOCHROME2", (int) h.slices());
    }

    private InstanceObjects.Written writeObjects(Path file, NiftiHeader h, NewInstance n, PixelFormat format, ObjectSink sink)
            throws Exception {
        String prefix = n.objectPrefix();
        sink.put(ObjectKeys.niftiHeader(prefix), h.bytes());
        List<Future<StoredFrame>> futures = new ArrayList<>();
        List<StoredFrame> stored = new ArrayList<>();
        int sliceBytes = Math.toIntExact(h.sliceBytes());
        try (InputStream in = open(file)) {
            in.skipNBytes(h.voxOffset());
            for (int z = 0; z < format.frames(); z++) {
                byte[] raw = in.readNBytes(sliceBytes);
                int number = z + 1;
                futures.add(pool.submit(5L * sliceBytes, () -> NiftiSlices.store(raw, h, number, prefix, sink)));
            }
            for (Future<StoredFrame> f : futures) {
                stored.add(f.get());
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            futures.forEach(f -> f.cancel(true));
        }
        sink.put(ObjectKeys.header(prefix), Headers.part10WithoutPixelData(NonDicomInstance.header(
                n.studyInstanceUid(), n.seriesInstanceUid(), n.sopInstanceUid(), format, h.sclSlope(), h.sclInter())));
        return new InstanceObjects.Written(stored, format.photometric());
    }
}
