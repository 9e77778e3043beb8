package org.mist.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * What a person browsing the archive sees first: the stores with their counts and bytes, and a store's series
 * of every origin (QIDO-RS and C-FIND show DICOM ones only), rejected instances left out as everywhere. Aggregates
 * over the index, in plain JDBC.
 */
@ApplicationScoped
public class Catalog {
    /** A store: how much it holds, the bytes received against the bytes stored. */
    public record StoreSummary(String name, long studies, long series, long instances, long frames, long receivedBytes,
                               long storedBytes) {
    }

    /** One series of a store, of any origin, with what the web page shows of it. */
    public record SeriesSummary(String study, String series, String origin, String modality, String description,
                                String patientName, String studyDate, String studyDescription, long instances, long frames,
                                long receivedBytes, long storedBytes, String firstInstance) {
    }

    @Inject
    DataSource dataSource;

    /** The stores' names alone, in name order: no counting over the instances. */
    public List<String> storeNames() {
        List<String> out = new ArrayList<>();
        query("select name from store order by name", null, rs -> out.add(rs.getString(1)));
        return out;
    }

    public List<StoreSummary> stores() {
        List<StoreSummary> out = new ArrayList<>();
        query("""
                select s.name, count(distinct se.study_fk), count(distinct i.series_fk), count(i.id),
                       coalesce(sum(i.number_of_frames), 0), coalesce(sum(i.received_bytes), 0), coalesce(sum(i.stored_bytes), 0)
                from store s left join instance i on i.store_id = s.id and i.rejected_by is null left join series se on se.id = i.series_fk
                group by s.name order by s.name""", null, rs -> out.add(new StoreSummary(rs.getString(1), rs.getLong(2),
                rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7))));
        return out;
    }

    /** The series of {@code store}, by study date, study and series number; empty for a store that has none. */
    public List<SeriesSummary> series(String store) {
        List<SeriesSummary> out = new ArrayList<>();
        query("""
                select st.study_instance_uid, se.series_instance_uid, se.origin_format, se.modality, se.series_description,
                       p.patient_name, st.study_date, st.study_description, count(i.id), sum(i.number_of_frames),
                       sum(i.received_bytes), sum(i.stored_bytes), min(i.sop_instance_uid)
                from series se join study st on st.id = se.study_fk join patient p on p.id = st.patient_fk
                join store s on s.id = se.store_id join instance i on i.series_fk = se.id and i.rejected_by is null
                where s.name = ?
                group by st.study_instance_uid, se.series_instance_uid, se.origin_format, se.modality, se.series_description,
                         p.patient_name, st.study_date, st.study_description, se.series_number
                order by st.study_date nulls last, st.study_instance_uid, se.series_number nulls last, se.series_instance_uid""",
                store, rs -> out.add(new SeriesSummary(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getLong(9), rs.getLong(10),
                        rs.getLong(11), rs.getLong(12), rs.getString(13))));
        return out;
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, String parameter, Row row) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (parameter != null) {
                ps.setString(1, parameter);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the archive index: " + e.getMessage(), e);
        }
    }
}
