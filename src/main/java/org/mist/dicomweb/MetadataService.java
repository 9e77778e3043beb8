package org.mist.dicomweb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.mist.archive.Hierarchy.Format;
import org.mist.archive.Retrieve;
import org.mist.archive.Scope;
import org.mist.dicom.DicomJson;
import org.mist.store.ArchiveIndex.FrameRow;
import org.mist.store.ArchiveIndex.InstanceRow;
import org.mist.store.ObjectKeys;
import org.mist.store.ObjectStore;
import org.mist.store.ObjectStoreException;
import org.mist.store.entity.Frame;

/**
 * WADO-RS metadata (PS3.18 10.4.1.1.2): DICOM JSON of every instance's header object, with BulkDataURIs
 * for Pixel Data and large binary values. A series' JSON is built once per version of the series (its
 * instance count and largest instance id, which every addition changes), kept gzipped in the object store
 * beside the series ({@code metadata-{version}.json.gz}, shared by every replica) and in memory here.
 * URIs are stored with a placeholder for the base URL, filled in per request.
 */
@ApplicationScoped
public class MetadataService {
    static final String DICOM_JSON = "application/dicom+json";
    /** Stands for the base URL in cached JSON; only ever written at the start of a BulkDataURI value. */
    private static final String BASE = "mist:base";
    private static final byte[] QUOTED_BASE = ("\"" + BASE).getBytes(StandardCharsets.US_ASCII);
    private static final JsonFactory JSON = new JsonFactory();

    @Inject
    Retrieve retrieve;
    @Inject
    ObjectStore objects;
    @Inject
    MetadataSettings settings;

    private final LinkedHashMap<String, byte[]> memory = new LinkedHashMap<>(64, 0.75f, true);
    private long memoryBytes;

    Reply instance(Scope scope, String base) {
        InstanceRow row = retrieve.instance(scope, Format.DICOM);
        byte[] json = array(List.of(row));
        return Reply.of(DICOM_JSON, withBase(json, base));
    }

    Reply series(Scope scope, String base) {
        return Reply.of(DICOM_JSON, withBase(seriesJson(scope), base));
    }

    Reply study(Scope scope, String base) {
        List<String> all = retrieve.seriesOfStudy(scope);
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        out.write('[');
        boolean first = true;
        for (String s : all) {
            byte[] part = seriesJson(Scope.series(scope.store(), scope.study(), s));
            if (part.length > 2) {  // "[...]" without its brackets, joined by commas
                if (!first) {
                    out.write(',');
                }
                out.write(part, 1, part.length - 2);
                first = false;
            }
        }
        out.write(']');
        return Reply.of(DICOM_JSON, withBase(out.toByteArray(), base));
    }

    /** The series' JSON array, with the base placeholder: from memory, the object store, or built now. */
    byte[] seriesJson(Scope scope) {
        String version = retrieve.seriesVersion(scope);
        String key = ObjectKeys.seriesPrefix(scope.store(), scope.study(), scope.series()) + "metadata-" + version + ".json.gz";
        byte[] json = remembered(key);
        if (json != null) {
            return json;
        }
        json = cached(key).orElse(null);
        if (json == null) {
            json = array(retrieve.instances(scope, Format.DICOM));
            storeCache(key, json);
        }
        remember(key, json);
        return json;
    }

    private byte[] array(List<InstanceRow> rows) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(rows.size() * 4096 + 16);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            for (InstanceRow r : rows) {
                String instance = BASE + "/studies/" + r.study() + "/series/" + r.series() + "/instances/" + r.sopInstanceUid();
                DicomJson.write(g, retrieve.header(r), path -> instance + "/bulkdata/" + path, pixelData(r, instance));
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The instance's pixel element, which its header leaves out: none, Pixel Data, or (a parametric map) floats. */
    private static DicomJson.PixelData pixelData(InstanceRow r, String instance) {
        if (!r.hasPixels()) {
            return null;
        }
        FrameRow f = r.frames().get(0);
        if (f.codec() == Frame.Codec.FLOAT) {
            long tag = f.bitDepth() == 64 ? 0x7FE00009L : 0x7FE00008L;
            return new DicomJson.PixelData(tag, f.bitDepth() == 64 ? "OD" : "OF", instance + String.format("/bulkdata/%08X", tag));
        }
        return new DicomJson.PixelData(0x7FE00010L, null, instance + "/bulkdata/7FE00010");
    }

    private Optional<byte[]> cached(String key) {
        try {
            if (!objects.exists(key)) {
                return Optional.empty();
            }
            try (GZIPInputStream in = new GZIPInputStream(objects.open(key))) {
                return Optional.of(in.readAllBytes());
            }
        } catch (IOException | ObjectStoreException e) {
            Log.warnf("series metadata cache %s unreadable, rebuilding: %s", key, e.getMessage());
            return Optional.empty();
        }
    }

    /** Writes the cache object and removes the series' older versions. A failure only costs a rebuild later. */
    private void storeCache(String key, byte[] json) {
        try {
            ByteArrayOutputStream gz = new ByteArrayOutputStream(json.length / 4 + 64);
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write(json);
            }
            objects.put(key, gz.toByteArray());
            String prefix = key.substring(0, key.lastIndexOf('/') + 1) + "metadata-";
            List<String> old = new ArrayList<>();
            objects.list(prefix, o -> {
                if (!o.key().equals(key)) {
                    old.add(o.key());
                }
            });
            old.forEach(objects::delete);
        } catch (IOException | ObjectStoreException e) {
            Log.warnf("cannot write the series metadata cache %s: %s", key, e.getMessage());
        }
    }

    private synchronized byte[] remembered(String key) {
        return memory.get(key);
    }

    private synchronized void remember(String key, byte[] json) {
        if (json.length > settings.cacheBytes() / 4 || memory.containsKey(key)) {
            return;
        }
        memory.put(key, json);
        memoryBytes += json.length;
        var it = memory.entrySet().iterator();
        while (memoryBytes > settings.cacheBytes() && it.hasNext()) {
            Map.Entry<String, byte[]> e = it.next();
            memoryBytes -= e.getValue().length;
            it.remove();
        }
    }

    /** Replaces each {@code "mist:base} with {@code "} and the request's base URL. */
    static byte[] withBase(byte[] json, String base) {
        byte[] b = base.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + json.length / 8);
        int from = 0;
        for (int i = indexOf(json, 0); i >= 0; i = indexOf(json, from)) {
            out.write(json, from, i + 1 - from);
            out.write(b, 0, b.length);
            from = i + QUOTED_BASE.length;
        }
        out.write(json, from, json.length - from);
        return out.toByteArray();
    }

    private static int indexOf(byte[] json, int from) {
        outer:
        for (int i = from; i <= json.length - QUOTED_BASE.length; i++) {
            if (json[i] != '"') {
                continue;
            }
            for (int j = 1; j < QUOTED_BASE.length; j++) {
                if (json[i + j] != QUOTED_BASE[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
