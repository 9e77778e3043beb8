package org.mist.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.pixelmed.dicom.AttributeList;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mist.archive.Refusal;
import org.mist.archive.Retrieve;
import org.mist.archive.Scope;
import org.mist.dicom.Headers;
import org.mist.store.ArchiveUpdater;
import org.mist.store.ArchiveUpdater.Current;
import org.mist.store.ArchiveUpdater.MadeBy;
import org.mist.store.ArchiveUpdater.NextVersion;
import org.mist.store.NewInstance.SeriesAttributes;
import org.mist.store.NewInstance.StudyAttributes;
import org.mist.store.ObjectStore;

/**
 * Updates without re-sending pixels, and restores: patient, study and series attributes of the instances of a study
 * or series change by a new version of each header object; the earlier versions are kept, and a restore makes an
 * earlier version the current one again, byte for byte. The index, the caches and the change feed follow in the
 * same step ({@link ArchiveUpdater}).
 *
 * <p>Patient attributes belong to the patient: a change of them in one study is made in every study of that
 * patient in the store, unless it gives the study another PatientID, which moves the study to a patient of its own.
 * Moving it to a patient already stored (a merge) is refused. A series alone takes series attributes only.
 */
@ApplicationScoped
public class UpdateService {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a change did: how many instances got a new version, in which studies. */
    public record Outcome(int instances, List<String> studies) {
    }

    @Inject
    ArchiveUpdater updater;
    @Inject
    ObjectStore objects;
    @Inject
    Retrieve retrieve;

    /** Changes the attributes {@code body} (a DICOM JSON object) names in every instance of the study or series. */
    public Outcome update(Scope scope, byte[] body) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw Refusal.BAD_REQUEST.because("the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw Refusal.BAD_REQUEST.because("the body cannot be read");
        }
        HeaderChange change = HeaderChange.parse(json);
        if (scope.series() != null) {
            change.requireSeriesLevel();
        }
        List<Current> rows = current(scope);
        List<Next> next = new ArrayList<>();
        for (Current row : rows) {
            AttributeList header = change.applyTo(header(row.headerKey()));
            next.add(new Next(new NextVersion(row, MadeBy.UPDATE, Headers.part10WithoutPixelData(header), null), header));
        }
        return commit(scope, rows, next);
    }

    /** Makes version {@code version} of every instance of the study or series the current one. */
    public Outcome restore(Scope scope, String version) {
        int v;
        try {
            v = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            v = 0;
        }
        if (v < 1) {
            throw Refusal.BAD_REQUEST.because("a version is a number from 1: " + version);
        }
        List<Current> rows = current(scope);
        Map<Long, String> keys = updater.headerKeys(rows, v);
        if (keys.isEmpty()) {
            throw Refusal.NOT_FOUND.because("no version " + v + " of " + scope.describe());
        }
        if (keys.size() < rows.size()) {
            throw Refusal.CONFLICT.because((rows.size() - keys.size()) + " of the " + rows.size() + " instances of "
                    + scope.describe() + " have no version " + v + " (they arrived after it); restore a series or a later version");
        }
        List<Next> next = new ArrayList<>();
        for (Current row : rows) {
            String key = keys.get(row.id());
            next.add(new Next(new NextVersion(row, MadeBy.RESTORE, null, key), header(key)));
        }
        if (scope.series() != null) {
            AttributeList now = header(rows.get(0).headerKey());
            AttributeList then = next.get(0).header();
            if (!HeaderChange.patientDifference(now, then).isEmpty() || !Objects.equals(
                    IndexedAttributes.study(now, scope.study()), IndexedAttributes.study(then, scope.study()))) {
                throw Refusal.CONFLICT.because("version " + v + " of series " + scope.series() + " differs from its study"
                        + " in patient or study attributes; restore the whole study");
            }
        }
        return commit(scope, rows, next);
    }

    /** The versions of the study's or series' instances, oldest first. */
    public List<ArchiveUpdater.Version> versions(Scope scope) {
        current(scope);
        return updater.versions(scope.store(), scope.study(), scope.series());
    }

    /** An instance's next version and the header it will serve. */
    private record Next(NextVersion version, AttributeList header) {
    }

    private List<Current> current(Scope scope) {
        if (scope.study() == null || scope.sop() != null) {
            throw Refusal.BAD_REQUEST.because("an update names a study or a series");
        }
        List<Current> rows = updater.current(scope.store(), scope.study(), scope.series());
        if (rows.isEmpty()) {
            throw Refusal.NOT_FOUND.because("no " + scope.describe() + " in store " + scope.store());
        }
        return rows;
    }

    private AttributeList header(String key) {
        return Headers.readPart10WithoutPixelData(objects.get(key));
    }

    /** Adds the other studies of the patient where needed, derives the index rows, and makes it all in one step. */
    private Outcome commit(Scope scope, List<Current> rows, List<Next> next) {
        AttributeList before = header(rows.get(0).headerKey());
        AttributeList after = next.get(0).header();
        HeaderChange patient = HeaderChange.patientDifference(before, after);
        List<NextVersion> versions = new ArrayList<>(next.stream().map(Next::version).toList());
        ArchiveUpdater.PatientIndex patientIndex = null;
        if (!patient.isEmpty()) {
            List<String> others = updater.otherStudies(rows.get(0).patientRow(), scope.study());
            boolean moves = patient.movesPatient(before);
            if (!moves) {
                for (String study : others) {
                    for (Current row : updater.current(scope.store(), study, null)) {
                        byte[] header = Headers.part10WithoutPixelData(patient.applyTo(header(row.headerKey())));
                        versions.add(new NextVersion(row, MadeBy.UPDATE, header, null));
                    }
                }
            }
            patientIndex = new ArchiveUpdater.PatientIndex(rows.get(0).patientRow(), IndexedAttributes.patient(after),
                    !moves || others.isEmpty(), List.of(rows.get(0).studyRow()));
        }
        Map<Long, StudyAttributes> studies = scope.series() != null ? Map.of()
                : Map.of(rows.get(0).studyRow(), IndexedAttributes.study(after, scope.study()));
        Map<Long, SeriesAttributes> series = new LinkedHashMap<>();
        for (Next n : next) {
            series.putIfAbsent(n.version().of().seriesRow(), IndexedAttributes.series(n.header(), n.version().of().series(), null));
        }
        try {
            updater.commit(new ArchiveUpdater.Plan(scope.store(), versions, patientIndex, studies, series));
        } catch (ArchiveUpdater.Conflict e) {
            throw Refusal.CONFLICT.because(e.getMessage());
        }
        for (NextVersion v : versions) {
            retrieve.forget(scope.store(), v.of().study(), v.of().series(), v.of().sop());
        }
        return new Outcome(versions.size(), versions.stream().map(v -> v.of().study()).distinct().toList());
    }
}
