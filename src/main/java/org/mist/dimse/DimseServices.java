package org.mist.dimse;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TagFromName;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mist.access.AuditTrail;
import org.mist.access.Caller;
import org.mist.archive.Hierarchy.Format;
import org.mist.archive.Queries;
import org.mist.archive.Refusal;
import org.mist.archive.Scope;
import org.mist.archive.TempSpace;
import org.mist.dicom.ByteSource;
import org.mist.formats.InstanceWriter;
import org.mist.ingest.DicomIngest;
import org.mist.ingest.IngestResult;
import org.mist.ingest.IngestSettings;
import org.mist.store.ArchiveIndex;
import org.mist.store.QueryAttribute.Level;
import org.mist.store.QueryAttribute;

/**
 * What the DIMSE services do with the archive: C-STORE through the same ingest as STOW-RS, C-FIND through the
 * same query engine as QIDO-RS, and the instances a C-MOVE or C-GET names.
 */
@ApplicationScoped
public class DimseServices {
    /** Matches a C-FIND may return at the most; more are cut off (and logged). */
    static final int MAX_MATCHES = 10_000;

    @Inject
    DicomIngest ingest;
    @Inject
    Queries queries;
    @Inject
    InstanceWriter writer;
    @Inject
    DimseSettings settings;
    @Inject
    TempSpace temp;
    @Inject
    IngestSettings ingestSettings;
    @Inject
    AuditTrail audit;

    TempSpace temp() {
        return temp;
    }

    long maxInstanceBytes() {
        return ingestSettings.maxInstanceBytes();
    }

    /**
     * One DIMSE operation in the audit trail, by its calling AE title. Success, warnings and a cancel are
     * successes; out of resources is the node's failure; every other status is a refusal.
     */
    void audit(String operation, String callingAe, String address, String store, int status) {
        AuditTrail.Type type = switch (operation) {
            case "C-STORE" -> AuditTrail.Type.INSTANCES_TRANSFERRED;
            case "C-FIND" -> AuditTrail.Type.QUERY;
            case "C-MOVE", "C-GET" -> AuditTrail.Type.INSTANCES_TRANSFERRED;
            default -> AuditTrail.Type.USER_AUTHENTICATION;
        };
        String action = operation.equals("C-STORE") ? "C" : operation.equals("C-FIND") ? "E" : "R";
        boolean ok = status == 0 || (status & 0xF000) == 0xB000 || status == 0xFE00;
        boolean failed = (status & 0xFF00) == 0xA700;
        audit.record(type, action, AuditTrail.outcome(!ok && !failed, failed), new Caller("ae:" + callingAe, true, false,
                java.util.Map.of()), address, "dimse", operation, status, store, null, null, null);
    }

    /** C-STORE: the received Part 10 file into {@code store}. */
    IngestResult store(ByteSource part10, String store) {
        return ingest.ingest(part10, store, null);
    }

    /** The level a Query/Retrieve identifier names (0008,0052); IMAGE is the instance level. */
    static Level level(AttributeList identifier) {
        String level = Attribute.getSingleStringValueOrEmptyString(identifier, TagFromName.QueryRetrieveLevel).trim();
        return switch (level.toUpperCase(Locale.ROOT)) {
            case "PATIENT" -> Level.PATIENT;
            case "STUDY" -> Level.STUDY;
            case "SERIES" -> Level.SERIES;
            case "IMAGE" -> Level.INSTANCE;
            default -> throw Refusal.BAD_REQUEST.because("Query/Retrieve Level \"" + level + "\" is not PATIENT, STUDY, SERIES or IMAGE");
        };
    }

    /**
     * C-FIND: the matches of an identifier, each as a response identifier with the keys asked for (those
     * MIST does not index come back empty, PS3.4 C.2.2.1.3).
     */
    List<AttributeList> find(String store, AttributeList identifier) {
        Level level = level(identifier);
        Map<QueryAttribute, String> keys = keys(identifier, level);
        List<Map<QueryAttribute, Object>> rows = queries.search(Scope.store(store), level, keys, MAX_MATCHES, 0,
                Format.DICOM);
        if (rows.size() == MAX_MATCHES) {
            Log.warnf("C-FIND matched %d or more; the rest are not returned", MAX_MATCHES);
        }
        List<AttributeList> out = new ArrayList<>(rows.size());
        for (Map<QueryAttribute, Object> row : rows) {
            AttributeList r = new AttributeList();
            for (Attribute asked : identifier.values()) {
                AttributeTag tag = asked.getTag();
                if (tag.getElement() == 0) {
                    continue;
                }
                Attribute a = asked;
                try {
                    if (!tag.equals(TagFromName.QueryRetrieveLevel) && !tag.equals(TagFromName.SpecificCharacterSet)) {
                        a = AttributeFactory.newAttribute(tag, asked.getVR());
                        QueryAttribute q = QueryAttribute.named(String.format("%08X", ((long) tag.getGroup() << 16) | tag.getElement()));
                        Object v = q == null ? null : row.get(q);
                        if (v != null) {
                            for (String part : v.toString().split("\\\\")) {
                                a.addValue(part);
                            }
                        }
                    }
                } catch (com.pixelmed.dicom.DicomException e) {
                    // a value the VR cannot hold stays empty
                }
                r.put(a);
            }
            out.add(r);
        }
        return out;
    }

    /** The matching keys of an identifier: its non-empty values of attributes MIST indexes at or above the level. */
    private static Map<QueryAttribute, String> keys(AttributeList identifier, Level level) {
        Map<QueryAttribute, String> keys = new LinkedHashMap<>();
        for (Attribute a : identifier.values()) {
            AttributeTag t = a.getTag();
            QueryAttribute q = QueryAttribute.named(String.format("%08X", ((long) t.getGroup() << 16) | t.getElement()));
            String v = a.getDelimitedStringValuesOrEmptyString().trim();
            if (q != null && !v.isEmpty() && q.level.ordinal() <= level.ordinal() && q.match != QueryAttribute.Match.NONE) {
                keys.put(q, v);
            }
        }
        return keys;
    }

    /** C-MOVE / C-GET: the instances an identifier names, as rows of the index. */
    List<ArchiveIndex.InstanceRow> instances(String store, AttributeList identifier) {
        Level level = level(identifier);
        Map<QueryAttribute, String> keys = keys(identifier, level);
        if (keys.isEmpty()) {
            throw Refusal.BAD_REQUEST.because("a retrieve names its instances by their unique keys; the identifier has none");
        }
        return queries.instances(store, keys, MAX_MATCHES, Format.DICOM);
    }

    InstanceWriter writer() {
        return writer;
    }

    DimseSettings settings() {
        return settings;
    }
}
