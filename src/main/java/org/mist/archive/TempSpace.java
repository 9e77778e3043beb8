package org.mist.archive;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.mist.dicom.ByteSource;

/**
 * Every temporary file MIST writes (spooled STOW parts, C-STORE data sets, /api bodies, inflated data sets,
 * export volumes) lives in one folder per process, {@code <mist.temp.dir>/<pid>}, owner-only. At start the
 * folders of processes that no longer run are removed, so a crash leaves nothing behind for long, while a
 * CLI run beside the service never touches the service's files. Bytes written through {@link #spool} count
 * against {@code mist.temp.max-bytes} until their file is released; {@link #receive} keeps a received instance in
 * memory when it is small.
 */
@ApplicationScoped
public class TempSpace {
    /**
     * The largest spool kept in memory: a CT or MR slice; a radiograph, a mammogram or a multi-frame goes to a file. A
     * body that outgrows it has cost its doublings in garbage (twice the limit), which a larger limit made a bomb's
     * heap footprint three times the file path's (HostileCorpusTest's deflate bomb: +44-80 MB at 8 MiB, +28 at 2, +16-20 before).
     */
    static final int IN_MEMORY = 2 << 20;

    @Inject
    TempSettings settings;

    private final AtomicLong inUse = new AtomicLong();
    /** What spools in memory may hold at once, all together: a sixteenth of the heap. */
    private final long memoryBudget = Runtime.getRuntime().maxMemory() / 16;
    private final AtomicLong memoryInUse = new AtomicLong();
    private volatile Path dir;

    void start(@Observes StartupEvent e) {
        dir();
    }

    void stop(@Observes ShutdownEvent e) {
        Path d = dir;
        if (d != null) {
            deleteTree(d);
        }
    }

    /** This process's folder, created (and the dead processes' folders cleared) on first use. */
    public Path dir() {
        Path d = dir;
        if (d == null) {
            synchronized (this) {
                if (dir == null) {
                    dir = prepare(settings.dir().toAbsolutePath().normalize());
                }
                d = dir;
            }
        }
        return d;
    }

    private static Path prepare(Path root) {
        try {
            Files.createDirectories(root);
            long self = ProcessHandle.current().pid();
            try (Stream<Path> children = Files.list(root)) {
                children.filter(p -> isStale(p, self)).forEach(p -> {
                    Log.infof("removing the temporary files of a process that ended: %s", p);
                    deleteTree(p);
                });
            }
            Path mine = root.resolve(Long.toString(self));
            deleteTree(mine);  // a pid reused after a crash
            Files.createDirectories(mine);
            Files.setPosixFilePermissions(mine, PosixFilePermissions.fromString("rwx------"));
            return mine;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the temporary folder " + root + ": " + e.getMessage(), e);
        }
    }

    /** A folder named after a pid that no longer runs; nothing else under the root is touched. */
    private static boolean isStale(Path p, long self) {
        String name = p.getFileName().toString();
        if (!name.matches("[0-9]{1,10}") || !Files.isDirectory(p)) {
            return false;
        }
        long pid = Long.parseLong(name);
        return pid != self && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
    }

    /** A new empty file in this process's folder. */
    public Path newFile(String prefix, String suffix) throws IOException {
        return Files.createTempFile(dir(), prefix, suffix);
    }

    /**
     * A stream into a new file that refuses to grow it past {@code limit} bytes ({@link TooLarge}) or the
     * process past {@code mist.temp.max-bytes} in all ({@link Full}). Close it, then {@link Spool#release} it.
     */
    public Spool spool(String prefix, String suffix, long limit) throws IOException {
        Spool s = new Spool(prefix, suffix, limit, false);
        s.spill();
        return s;
    }

    /**
     * As {@link #spool}, for a received instance: kept in memory up to {@value #IN_MEMORY} bytes while the memory all
     * such spools hold stays under a sixteenth of the heap, else in a file. A file per instance cost more CPU than
     * anything else of an instance's answer bar the database: creating, writing, reading it again and deleting it.
     */
    public Spool receive(String prefix, String suffix, long limit) {
        return new Spool(prefix, suffix, limit, true);
    }

    private boolean reserveMemory(long bytes) {
        if (memoryInUse.addAndGet(bytes) > memoryBudget) {
            memoryInUse.addAndGet(-bytes);
            return false;
        }
        return true;
    }

    /** Deletes {@code file} (a missing one is fine). */
    public void delete(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            Log.warnf("cannot delete the temporary file %s: %s", file, e.getMessage());
        }
    }

    /**
     * One spooled body, in memory or in a file: its bytes count (against the memory budget, or against
     * {@code mist.temp.max-bytes}) until {@link #release()}, which also deletes the file.
     */
    public final class Spool extends OutputStream {
        private final String prefix;
        private final String suffix;
        private final long limit;
        private long written;
        private byte[] memory;
        private int reserved;
        private Path file;
        private OutputStream out;
        private long onDisk;
        private boolean released;

        private Spool(String prefix, String suffix, long limit, boolean inMemory) {
            this.prefix = prefix;
            this.suffix = suffix;
            this.limit = limit;
            this.memory = inMemory ? new byte[0] : null;
        }

        /** The file of a {@link #spool}; a {@link #receive}d body may be in memory: read it through {@link #bytes()}. */
        public Path file() {
            if (file == null) {
                throw new IllegalStateException("a spool in memory has no file");
            }
            return file;
        }

        /** The bytes where they are; read them after {@link #close()}. */
        public ByteSource bytes() {
            return file == null ? ByteSource.of(memory, (int) written) : ByteSource.of(file);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (written + len > limit) {
                throw new TooLarge(limit);
            }
            if (file == null && fitsInMemory(len)) {
                System.arraycopy(b, off, memory, (int) written, len);
                written += len;
                return;
            }
            if (file == null) {
                spill();
            }
            toDisk(b, off, len);
            written += len;
        }

        /** Whether {@code len} more bytes fit the memory buffer, grown (within the budget) when needed. */
        private boolean fitsInMemory(int len) {
            long need = written + len;
            if (need <= memory.length) {
                return true;
            }
            int grown = (int) Math.min(IN_MEMORY, Math.max(need, Math.max(1 << 16, 2L * memory.length)));
            if (need > grown || !reserveMemory(grown - reserved)) {
                return false;
            }
            memory = java.util.Arrays.copyOf(memory, grown);
            reserved = grown;
            return true;
        }

        /** Moves what memory holds into a new file, which takes every later byte. */
        private void spill() throws IOException {
            file = newFile(prefix, suffix);
            out = Files.newOutputStream(file);
            if (memory != null) {
                toDisk(memory, 0, (int) written);
                memory = null;
                memoryInUse.addAndGet(-reserved);
                reserved = 0;
            }
        }

        private void toDisk(byte[] b, int off, int len) throws IOException {
            if (inUse.addAndGet(len) > settings.maxBytes()) {
                inUse.addAndGet(-len);
                throw new Full(settings.maxBytes());
            }
            onDisk += len;
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            if (out != null) {
                out.close();
            }
        }

        /** Deletes the file, frees the memory, and gives their bytes back. Idempotent. */
        public void release() {
            if (released) {
                return;
            }
            released = true;
            memory = null;
            memoryInUse.addAndGet(-reserved);
            reserved = 0;
            if (file != null) {
                try {
                    out.close();
                } catch (IOException e) {
                    // deleting anyway
                }
                inUse.addAndGet(-onDisk);
                delete(file);
            }
        }
    }

    /** A spooled body over its own limit: the client's. */
    public static final class TooLarge extends RefusedIOException {
        TooLarge(long limit) {
            super(Refusal.TOO_LARGE, "over the limit of " + limit + " bytes");
        }
    }

    /** The temporary space of the whole process is used up: try again later. */
    public static final class Full extends RefusedIOException {
        Full(long max) {
            super(Refusal.UNAVAILABLE, "the temporary space (" + max + " bytes) is in use by other requests");
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    Log.warnf("cannot delete %s: %s", p, e.getMessage());
                }
            });
        } catch (IOException | UncheckedIOException e) {
            Log.warnf("cannot clear %s: %s", root, e.getMessage());
        }
    }
}
