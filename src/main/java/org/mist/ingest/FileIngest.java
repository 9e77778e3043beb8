package org.mist.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.mist.archive.Refusal;
import org.mist.dicom.DataSetException;
import org.mist.store.ArchiveWriter;
import org.mist.store.ObjectStoreException;

/**
 * Non-DICOM files in, whatever their kind: NIfTI (plain or gzipped) or PNG/JPEG, told apart by their first
 * bytes, not their names. The API and the ingest CLI both come through here.
 */
@ApplicationScoped
public class FileIngest {
    /** What a file's first bytes say it is. */
    public enum Kind { DICOM, NIFTI, IMAGE, OTHER }

    /** The one refusal of a file that is none of them, whichever door it came through (CLI, /api). */
    public static final String NONE_OF_THEM = "neither DICOM (Part 10), NIfTI, PNG nor JPEG: not a file MIST ingests";

    @Inject
    NiftiIngest nifti;
    @Inject
    ImageIngest images;

    /**
     * Stores {@code file} as {@code name} ({@code collection} groups PNG/JPEG files into a study); a
     * refusal ({@link org.mist.archive.ArchiveException}) says why not, and then nothing was stored.
     */
    public NonDicomResult ingest(Path file, String store, String collection, String name) {
        if (name == null || name.isBlank() || name.length() > 1024 || name.chars().anyMatch(c -> c < 0x20)) {
            throw Refusal.BAD_REQUEST.because("a file name (1 to 1024 printable characters) is required to store non-DICOM data");
        }
        if (collection == null || !collection.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw Refusal.BAD_REQUEST.because("collection must be 1-64 letters, digits, '.', '_' or '-'");
        }
        try {
            return switch (sniff(file)) {
                case NIFTI -> nifti.ingest(file, store, name);
                case IMAGE -> images.ingest(file, store, collection, name);
                case DICOM -> throw Refusal.UNSUPPORTED_MEDIA_TYPE.because("a DICOM file: DICOM goes to STOW-RS");
                case OTHER -> throw Refusal.UNSUPPORTED_MEDIA_TYPE.because(NONE_OF_THEM);
            };
        } catch (ArchiveWriter.Conflict e) {
            throw Refusal.CONFLICT.because(e.kind() == ArchiveWriter.Conflict.Kind.DIFFERENT_INSTANCE
                    ? "a different file is already stored under the name " + name + "; it was kept and this one refused"
                    : e.getMessage());
        } catch (DataSetException e) {
            throw Refusal.BAD_REQUEST.because(e.getMessage());
        } catch (ObjectStoreException e) {
            throw Refusal.UNAVAILABLE.because("object store unavailable: " + e.getMessage());
        }
    }

    public static Kind sniff(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(348);
        } catch (IOException e) {
            return Kind.OTHER;
        }
        if (head.length >= 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M') {
            return Kind.DICOM;
        }
        if (ImageIngest.formatOf(head) != null) {
            return Kind.IMAGE;
        }
        if (head.length >= 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B) {
            return Kind.NIFTI;
        }
        if (head.length >= 8) {
            ByteBuffer b = ByteBuffer.wrap(head);
            int le = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
            int be = b.order(ByteOrder.BIG_ENDIAN).getInt(0);
            if (le == 348 || be == 348 || le == 540 || be == 540) {
                return Kind.NIFTI;
            }
        }
        return Kind.OTHER;
    }
}
