package org.mist.archive;

import com.pixelmed.dicom.AttributeList;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mist.archive.Hierarchy.Format;
import org.mist.dicom.BulkValues;
import org.mist.dicom.Headers;
import org.mist.store.ArchiveIndex;
import org.mist.store.ArchiveIndex.InstanceRow;
import org.mist.store.ObjectKeys;
import org.mist.store.ObjectStore;
import org.mist.store.entity.Frame;
import org.mist.store.entity.Series.OriginFormat;

/**
 * What every door retrieves through (WADO-RS, rendered, {@code /api}, export, C-MOVE, C-GET): the instances a
 * {@link Scope} names, checked against the origin hierarchy for the form they are to leave in, and what
 * serving them needs (the stored header, the display attributes). A committed instance's row changes only when it
 * is updated (a new header version), restored, rejected or deleted, so rows are kept once read and every replica
 * {@link #forget}s the instance on those changes ({@link ChangeFollower}). The display attributes read from a header
 * are kept by row id for good: an update never changes them (it refuses what describes the pixels).
 */
@ApplicationScoped
public class Retrieve {
    private static final int CACHE_ENTRIES = 100_000;

    @Inject
    ArchiveIndex index;
    @Inject
    ObjectStore objects;

    private final Map<Scope, InstanceRow> instanceCache = new ConcurrentHashMap<>();
    private final Map<Long, List<Rendering>> renderingCache = new ConcurrentHashMap<>();

    /** The instances {@code scope} names, in series and instance order; none is not found. */
    public List<InstanceRow> instances(Scope scope) {
        if (scope.study() == null) {
            throw Refusal.BAD_REQUEST.because("a retrieve names at least a study");
        }
        List<InstanceRow> rows = index.instances(scope.store(), scope.study(), scope.series(), scope.sop());
        if (rows.isEmpty()) {
            throw Refusal.NOT_FOUND.because("no " + scope.describe() + " in store " + scope.store());
        }
        return rows;
    }

    /** As {@link #instances(Scope)}, each of which must be able to leave as {@code as}. */
    public List<InstanceRow> instances(Scope scope, Format as) {
        List<InstanceRow> rows = instances(scope);
        rows.forEach(r -> Hierarchy.require(r.originFormat(), as));
        return rows;
    }

    /** The one instance {@code scope} names, to leave as {@code as}. */
    public InstanceRow instance(Scope scope, Format as) {
        InstanceRow row = instance(scope);
        Hierarchy.require(row.originFormat(), as);
        return row;
    }

    /** The one instance {@code scope} names, whatever its origin (a hot path: kept once read). */
    public InstanceRow instance(Scope scope) {
        if (scope.sop() == null) {
            throw Refusal.BAD_REQUEST.because("an instance is named by its SOP Instance UID");
        }
        InstanceRow row = instanceCache.get(scope);
        if (row == null) {
            row = instances(scope).get(0);
            // Frames waiting for compression are swapped by a transcoder, perhaps another replica's, and their
            // objects then deleted: such a row is read anew each time, never kept.
            if (row.frames().stream().anyMatch(f -> f.codec() == Frame.Codec.RAW)) {
                return row;
            }
            if (instanceCache.size() >= CACHE_ENTRIES) {
                instanceCache.clear();
            }
            instanceCache.put(scope, row);
        }
        return row;
    }

    /** The instance {@code scope} names if its row is kept in memory, else null: a lookup that never waits. */
    public InstanceRow kept(Scope scope, Format as) {
        InstanceRow row = scope.sop() == null ? null : instanceCache.get(scope);
        if (row != null) {
            Hierarchy.require(row.originFormat(), as);
        }
        return row;
    }

    /** Drops what is kept of an instance updated, restored, rejected or deleted. */
    public void forget(String store, String study, String series, String sop) {
        instanceCache.remove(new Scope(store, study, series, sop));
    }

    /** The Series Instance UIDs of the study {@code scope} names, in series order; none is not found. */
    public List<String> seriesOfStudy(Scope scope) {
        List<String> all = index.seriesOfStudy(scope.store(), scope.study());
        if (all.isEmpty()) {
            throw Refusal.NOT_FOUND.because("no " + scope.describe() + " in store " + scope.store());
        }
        return all;
    }

    /** The version of the series {@code scope} names, which changes whenever an instance is added. */
    public String seriesVersion(Scope scope) {
        return index.seriesVersion(scope.store(), scope.study(), scope.series())
                .orElseThrow(() -> Refusal.NOT_FOUND.because("no " + scope.describe() + " in study " + scope.study()
                        + " of store " + scope.store()));
    }

    /**
     * Refuses an instance without Pixel Data where frames, levels or images are asked for: it leaves only as
     * itself (application/dicom), its metadata and its bulk data.
     */
    public static void requirePixels(InstanceRow row) {
        if (!row.hasPixels()) {
            throw Refusal.NOT_ACCEPTABLE.because("instance " + row.sopInstanceUid() + " (SOP Class " + row.sopClassUid()
                    + ") has no Pixel Data, so no frames, levels or images; it is served as application/dicom, as metadata"
                    + " and as bulk data");
        }
    }

    /** The instance a series' or study's thumbnail shows: the middle image of the (first) series with images. */
    public InstanceRow representative(Scope scope, Format as) {
        List<InstanceRow> rows = instances(scope, as).stream().filter(InstanceRow::hasPixels).toList();
        if (rows.isEmpty()) {
            throw Refusal.NOT_ACCEPTABLE.because(scope.describe() + " holds no instance with Pixel Data: it has no thumbnail");
        }
        String first = rows.get(0).series();
        List<InstanceRow> inSeries = rows.stream().filter(r -> r.series().equals(first)).toList();
        return inSeries.get(inSeries.size() / 2);
    }

    /**
     * The instance's stored attributes (its Part 10 data set without Pixel Data), with the large binary values kept
     * as objects of their own put back.
     */
    public AttributeList header(InstanceRow row) {
        AttributeList list = Headers.readPart10WithoutPixelData(objects.get(row.headerKey()));
        for (String path : row.bulkData()) {
            if (!BulkValues.putBack(list, path, bulkData(row, path))) {
                throw new IllegalStateException("instance " + row.sopInstanceUid() + " has no binary value at " + path);
            }
        }
        return list;
    }

    /** A binary value kept as an object of its own, by its path (one of {@link InstanceRow#bulkData()}). */
    public byte[] bulkData(InstanceRow row, String path) {
        return objects.get(ObjectKeys.bulkData(ObjectKeys.instancePrefix(row.store(), row.study(), row.series(),
                row.sopInstanceUid()), path));
    }

    /** What displaying the instance's frames needs (the first frame's, for an enhanced object), read once. */
    public Rendering rendering(InstanceRow row) {
        return renderings(row).get(0);
    }

    /** What displaying frame {@code number} (1-based) needs: an enhanced object's frames have their own. */
    public Rendering rendering(InstanceRow row, int number) {
        List<Rendering> all = renderings(row);
        return all.get(Math.max(0, Math.min(all.size(), number) - 1));
    }

    private List<Rendering> renderings(InstanceRow row) {
        List<Rendering> r = renderingCache.get(row.id());
        if (r == null) {
            r = Rendering.perFrame(header(row));
            if (row.originFormat() == OriginFormat.PNG || row.originFormat() == OriginFormat.JPEG) {
                r = r.stream().map(Rendering::asDisplayValues).toList();
            }
            if (renderingCache.size() >= CACHE_ENTRIES) {
                renderingCache.clear();
            }
            renderingCache.put(row.id(), r);
        }
        return r;
    }
}
