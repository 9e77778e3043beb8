package org.mist.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomInputStream;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A DICOM Part 10 file (on disk, or received into memory) opened for ingest: its File Meta Information, its
 * attributes without Pixel Data (read by PixelMed) and where its Pixel Data lies (read frame by frame by
 * {@link FrameReader}).
 * A deflated data set is inflated into a temporary file first, which {@link #close()} removes.
 */
public final class DicomFile implements AutoCloseable {
    private static final long MAX_META_LENGTH = 1 << 20;

    private final ByteSource source;
    private final long sourceDataSetOffset;
    private final ByteSource dataSet;
    /** The inflated data set of a deflated one, deleted by {@link #close()}; else null. */
    private final Path inflatedFile;
    private final TransferSyntax transferSyntax;
    private final String mediaStorageSopClassUid;
    private final String mediaStorageSopInstanceUid;
    private final AttributeList attributes;
    private final DataSetGuard.PixelDataLocation pixelData;

    private DicomFile(ByteSource source, long sourceDataSetOffset, ByteSource dataSet, Path inflatedFile, TransferSyntax ts,
                      String sopClass, String sopInstance, AttributeList attributes, DataSetGuard.PixelDataLocation pixelData) {
        this.source = source;
        this.sourceDataSetOffset = sourceDataSetOffset;
        this.dataSet = dataSet;
        this.inflatedFile = inflatedFile;
        this.transferSyntax = ts;
        this.mediaStorageSopClassUid = sopClass;
        this.mediaStorageSopInstanceUid = sopInstance;
        this.attributes = attributes;
        this.pixelData = pixelData;
    }

    /** The bounds a data set must keep: see {@link DataSetGuard}. */
    public record Limits(long maxInflatedBytes, long maxElementBytes, int maxSequenceDepth, long maxPixelBytes) {
        /** Generous bounds for files MIST wrote itself (tests, tools). */
        static final Limits LENIENT = new Limits(1L << 40, 1L << 31, 64, 1L << 40);
    }

    /** Opens a file MIST wrote itself (tests, tools): generous limits. */
    public static DicomFile open(Path file, Path tempDir) throws IOException {
        return open(ByteSource.of(file), tempDir, Limits.LENIENT);
    }

    /**
     * Opens {@code file} after checking its whole structure against {@code limits}; a deflated data set is
     * inflated into {@code tempDir} while it is checked, so a bomb stops at the first value over a limit.
     */
    public static DicomFile open(ByteSource file, Path tempDir, Limits limits) throws IOException {
        Meta meta = readMeta(file);
        TransferSyntax ts = TransferSyntax.of(meta.transferSyntaxUid).orElseThrow(() -> new DataSetException(
                DataSetException.TRANSFER_SYNTAX_NOT_SUPPORTED, "transfer syntax " + meta.transferSyntaxUid + " is not supported"));
        Path inflated = ts == TransferSyntax.DEFLATED_LE ? Files.createTempFile(tempDir, "inflated-", ".dcm") : null;
        ByteSource dataSet = inflated != null ? ByteSource.of(inflated) : file;
        long start = inflated != null ? 0 : meta.dataSetOffset;
        try {
            DataSetGuard.PixelDataLocation pixels;
            if (inflated != null) {
                pixels = inflate(file, meta.dataSetOffset, inflated, limits);
            } else {
                try (DataInput in = new DataInput(file, start)) {
                    in.bigEndian(ts.bigEndian());
                    pixels = DataSetGuard.check(in, ts.implicitVr(), limits);
                }
            }
            AttributeList attributes = readAttributes(dataSet, start, pixels == null ? -1 : pixels.tagOffset(), ts);
            if (pixels != null && pixels.valueEnd() < dataSet.size()) {  // attributes after Pixel Data (rare)
                readAttributes(dataSet, pixels.valueEnd(), -1, ts).values().forEach(attributes::put);
            }
            return new DicomFile(file, meta.dataSetOffset, dataSet, inflated, ts, meta.sopClassUid, meta.sopInstanceUid, attributes, pixels);
        } catch (IOException | RuntimeException e) {
            if (inflated != null) {
                Files.deleteIfExists(inflated);
            }
            throw e;
        }
    }

    private record Meta(long dataSetOffset, String transferSyntaxUid, String sopClassUid, String sopInstanceUid) {
    }

    /**
     * Best effort, for reporting only: the SOP Class and SOP Instance UIDs a file that cannot be ingested
     * names in its File Meta Information (nulls where it names none). The data set itself is not read: it
     * failed the checks, and PixelMed must never see such a file.
     */
    public static String[] peekUids(ByteSource file) {
        String[] uids = new String[3];
        try {
            Meta meta = readMeta(file);
            uids[0] = meta.sopClassUid;
            uids[1] = meta.sopInstanceUid;
        } catch (IOException | RuntimeException e) {
            // unreadable: the failure is reported without UIDs
        }
        return uids;
    }

    /** File Meta Information: explicit VR little endian, group 0002, after the preamble and "DICM". */
    private static Meta readMeta(ByteSource file) throws IOException {
        try (DataInput in = new DataInput(file, 0)) {
            if (in.remaining() < 132) {
                throw notPart10("the file is " + in.remaining() + " bytes long");
            }
            in.skip(128);
            if (!"DICM".equals(in.ascii(4))) {
                throw notPart10("no DICM prefix after the 128-byte preamble");
            }
            String ts = null;
            String sopClass = null;
            String sopInstance = null;
            long metaEnd = -1;
            while (in.remaining() >= 8 && (metaEnd < 0 || in.position() < metaEnd)) {
                long at = in.position();
                int tag = in.tag();
                if ((tag >>> 16) != 0x0002) {
                    return finish(at, ts, sopClass, sopInstance);
                }
                String vr = in.ascii(2);
                long length = switch (vr) {
                    case "OB", "OW", "UN", "SQ", "UT", "UC", "UR" -> {
                        in.skip(2);
                        yield in.u32();
                    }
                    default -> in.u16();
                };
                if (length > MAX_META_LENGTH) {
                    throw notPart10(String.format("File Meta element %08X claims %d bytes", tag, length));
                }
                byte[] value = in.bytes((int) length);
                switch (tag) {
                    case 0x00020000 -> metaEnd = in.position() + (value.length == 4 ? (value[0] & 0xFFL
                            | (value[1] & 0xFFL) << 8 | (value[2] & 0xFFL) << 16 | (value[3] & 0xFFL) << 24) : 0);
                    case 0x00020002 -> sopClass = uidText(value);
                    case 0x00020003 -> sopInstance = uidText(value);
                    case 0x00020010 -> ts = uidText(value);
                    default -> { }
                }
            }
            return finish(in.position(), ts, sopClass, sopInstance);
        } catch (EOFException e) {
            throw notPart10("File Meta Information is truncated: " + e.getMessage());
        }
    }

    private static Meta finish(long offset, String ts, String sopClass, String sopInstance) {
        if (ts == null) {
            throw notPart10("File Meta Information has no Transfer Syntax UID (0002,0010)");
        }
        return new Meta(offset, ts, sopClass, sopInstance);
    }

    private static String uidText(byte[] value) {
        int n = value.length;
        while (n > 0 && (value[n - 1] == 0 || value[n - 1] == ' ')) {
            n--;
        }
        return new String(value, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static DataSetException notPart10(String why) {
        return new DataSetException(DataSetException.CANNOT_UNDERSTAND, "not a DICOM Part 10 file: " + why);
    }

    /**
     * Inflates the data set into {@code out} through the {@link DataSetGuard}: what the guard skips is copied,
     * and inflating stops at {@code maxInflatedBytes} or at the first element the guard refuses.
     */
    private static DataSetGuard.PixelDataLocation inflate(ByteSource file, long start, Path out, Limits limits) throws IOException {
        Inflater inflater = new Inflater(true);
        try (InputStream raw = file.open(start);
             OutputStream o = new java.io.BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
            InputStream inflated = new CopyingInputStream(new InflaterInputStream(raw, inflater, 1 << 16), o,
                    limits.maxInflatedBytes());
            try (DataInput in = new DataInput(inflated)) {
                return DataSetGuard.check(in, false, limits);
            }
        } catch (java.util.zip.ZipException e) {
            throw new DataSetException(DataSetException.CANNOT_UNDERSTAND, "deflated data set does not inflate: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }

    /** Reads through to a copy, refusing to read past {@code limit} bytes. */
    private static final class CopyingInputStream extends java.io.FilterInputStream {
        private final OutputStream copy;
        private final long limit;
        private long count;

        CopyingInputStream(InputStream in, OutputStream copy, long limit) {
            super(in);
            this.copy = copy;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
                if (count > limit) {
                    throw new DataSetException(DataSetException.OUT_OF_RESOURCES,
                            "the deflated data set inflates to more than the limit of " + limit + " bytes");
                }
                copy.write(b, off, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[(int) Math.min(n, 1 << 16)];
            long done = 0;
            while (done < n) {
                int r = read(buffer, 0, (int) Math.min(buffer.length, n - done));
                if (r < 0) {
                    break;
                }
                done += r;
            }
            return done;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    /** PixelMed reads the attributes between {@code start} and {@code end} (-1: the end of the file). */
    private static AttributeList readAttributes(ByteSource file, long start, long end, TransferSyntax ts) throws IOException {
        AttributeList list = new AttributeList();
        if (end == start) {
            return list;
        }
        String uid = ts == TransferSyntax.DEFLATED_LE ? TransferSyntax.EXPLICIT_LE.uid() : ts.uid();
        try (InputStream raw = file.open(start)) {
            InputStream bounded = end < 0 ? raw : new BoundedInputStream(raw, end - start);
            list.read(new DicomInputStream(new BufferedInputStream(bounded, 1 << 16), uid, false));
        } catch (com.pixelmed.dicom.DicomException | RuntimeException e) {
            throw new DataSetException(DataSetException.CANNOT_UNDERSTAND, "unreadable DICOM attributes: " + e.getMessage(), e);
        }
        return list;
    }

    /**
     * SHA-256 of the data set as received (File Meta Information excluded, since senders rewrite it):
     * two files with the same value hold the same instance.
     */
    public String dataSetSha256() throws IOException {
        try (InputStream in = source.open(sourceDataSetOffset)) {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public TransferSyntax transferSyntax() {
        return transferSyntax;
    }

    public String mediaStorageSopClassUid() {
        return mediaStorageSopClassUid;
    }

    public String mediaStorageSopInstanceUid() {
        return mediaStorageSopInstanceUid;
    }

    /** The data set's attributes, Pixel Data excluded, File Meta Information excluded. */
    public AttributeList attributes() {
        return attributes;
    }

    public boolean hasPixelData() {
        return pixelData != null;
    }

    DataSetGuard.PixelDataLocation pixelData() {
        return pixelData;
    }

    /** 32 or 64 when the pixels are Float or Double Float Pixel Data (a parametric map), else 0. */
    public int floatPixelBits() {
        return pixelData == null ? 0 : pixelData.floatBits();
    }

    /**
     * Frame {@code index} (from 0) of Float or Double Float Pixel Data, little endian, every bit as sent (NaN
     * payloads and -0.0 included). The guard checked that the value holds exactly the frames the attributes say.
     */
    public byte[] floatFrame(int index) throws IOException {
        int bytes = floatPixelBits() / 8;
        Integer rows = Headers.integer(attributes, com.pixelmed.dicom.TagFromName.Rows);
        Integer columns = Headers.integer(attributes, com.pixelmed.dicom.TagFromName.Columns);
        Integer samples = Headers.integer(attributes, com.pixelmed.dicom.TagFromName.SamplesPerPixel);
        if (bytes == 0 || rows == null || columns == null) {
            throw new DataSetException(DataSetException.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, "float pixels need Rows and Columns");
        }
        int size = rows * columns * (samples == null ? 1 : samples) * bytes;
        java.nio.ByteBuffer frame = java.nio.ByteBuffer.allocate(size);
        try (ByteSource.Reader ch = dataSet.reader()) {
            long at = pixelData.valueOffset() + (long) index * size;
            while (frame.hasRemaining()) {
                if (ch.read(frame, at + frame.position()) < 0) {
                    throw new java.io.EOFException("float pixels end early");
                }
            }
        }
        byte[] out = frame.array();
        if (transferSyntax.bigEndian()) {
            for (int i = 0; i < out.length; i += bytes) {
                for (int a = i, b = i + bytes - 1; a < b; a++, b--) {
                    byte t = out[a];
                    out[a] = out[b];
                    out[b] = t;
                }
            }
        }
        return out;
    }

    /** The data set's bytes (inflated, when it arrived deflated). */
    ByteSource dataSet() {
        return dataSet;
    }

    @Override
    public void close() throws IOException {
        if (inflatedFile != null) {
            Files.deleteIfExists(inflatedFile);
        }
    }
}
