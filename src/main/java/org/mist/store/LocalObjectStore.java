package org.mist.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Objects as files under one directory: the embedded default. A write goes to a temporary file beside its
 * target, is forced to disk, then renamed, and the directory is forced too, so an object whose row later
 * commits survives a power cut (the rename alone would leave a zero-length file after one on most file
 * systems). {@code durable=false} skips the forcing, for throwaway benchmark data only.
 */
public final class LocalObjectStore implements ObjectStore {
    /** The names of unfinished writes; the sweeper removes old ones that a crash left behind. */
    static final String PARTIAL_PREFIX = ".put-";

    private final Path root;
    private final boolean durable;

    public LocalObjectStore(Path root) {
        this(root, true);
    }

    public LocalObjectStore(Path root, boolean durable) {
        this.durable = durable;
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new ObjectStoreException("cannot create the object directory " + this.root + ": " + e.getMessage(), e);
        }
    }

    private Path path(String key) {
        ObjectKeys.checkKey(key);
        return root.resolve(key);
    }

    @Override
    public void put(String key, byte[] data) {
        Path target = path(key);
        try {
            Path dir = target.getParent();
            if (!Files.isDirectory(dir)) {
                createDirectories(dir);
            }
            Path temp = Files.createTempFile(dir, PARTIAL_PREFIX, ".tmp");
            try {
                try (FileChannel c = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    ByteBuffer b = ByteBuffer.wrap(data);
                    while (b.hasRemaining()) {
                        c.write(b);
                    }
                    if (durable) {
                        c.force(false);  // fdatasync: the data and the size; the rename is forced with the directory
                    }
                }
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                force(dir);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new ObjectStoreException("cannot write " + key + ": " + e.getMessage(), e);
        }
    }

    /** Creates the missing directories of {@code dir} and forces each new entry into its parent. */
    private void createDirectories(Path dir) throws IOException {
        Path existing = dir;
        while (existing != null && !Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        Files.createDirectories(dir);
        for (Path p = dir; p != null && !p.equals(existing); p = p.getParent()) {
            force(p.getParent());
        }
    }

    /** fsync of a directory: its new entries (renames, new files) reach the disk. */
    private void force(Path dir) throws IOException {
        if (durable && dir != null) {
            try (FileChannel c = FileChannel.open(dir, StandardOpenOption.READ)) {
                c.force(true);
            }
        }
    }

    @Override
    public byte[] get(String key) {
        try {
            return Files.readAllBytes(path(key));
        } catch (NoSuchFileException e) {
            throw new ObjectStoreException("no object " + key, e);
        } catch (IOException e) {
            throw new ObjectStoreException("cannot read " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] getRange(String key, long offset, long length) {
        try (FileChannel c = FileChannel.open(path(key), StandardOpenOption.READ)) {
            long n = Math.max(0, Math.min(length, c.size() - offset));
            ByteBuffer b = ByteBuffer.allocate((int) n);
            while (b.hasRemaining() && c.read(b, offset + b.position()) > 0) {
                // read until full
            }
            return b.array();
        } catch (IOException e) {
            throw new ObjectStoreException("cannot read " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(String key) {
        try {
            return Files.newInputStream(path(key));
        } catch (IOException e) {
            throw new ObjectStoreException("cannot read " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(path(key));
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(path(key));
        } catch (IOException e) {
            throw new ObjectStoreException("cannot delete " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void list(String prefix, Consumer<ObjectInfo> each) {
        // Walk only the directory the prefix names (up to its last '/'), not the whole store.
        Path start = prefix.contains("/") ? root.resolve(prefix.substring(0, prefix.lastIndexOf('/'))) : root;
        if (!start.normalize().startsWith(root) || !Files.isDirectory(start)) {
            return;
        }
        try (Stream<Path> files = Files.walk(start)) {
            files.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString())
                    .filter(k -> k.startsWith(prefix))
                    .sorted()
                    .forEach(k -> {
                        try {
                            Path p = root.resolve(k);
                            each.accept(new ObjectInfo(k, Files.size(p), Files.getLastModifiedTime(p).toInstant()));
                        } catch (IOException e) {
                            // deleted while listing: not there any more
                        }
                    });
        } catch (IOException | UncheckedIOException e) {
            throw new ObjectStoreException("cannot list " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "local " + root;
    }
}
