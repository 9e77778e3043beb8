package org.mist.store.entity;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "instance")
public class Instance {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "store_id", nullable = false)
    public Long storeId;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "series_fk")
    public Series series;

    @Column(name = "sop_instance_uid", nullable = false)
    public String sopInstanceUid;

    @Column(name = "sop_class_uid", nullable = false)
    public String sopClassUid;

    @Column(name = "instance_number")
    public Integer instanceNumber;

    @Column(name = "source_transfer_syntax_uid", nullable = false)
    public String sourceTransferSyntaxUid;

    public Integer rows;

    public Integer columns;

    @Column(name = "number_of_frames", nullable = false)
    public int numberOfFrames;

    @Column(name = "photometric_interpretation")
    public String photometricInterpretation;

    @Column(name = "content_sha256", nullable = false)
    public String contentSha256;

    @Column(name = "header_key", nullable = false)
    public String headerKey;

    /** The bulk data paths of the binary values kept as objects of their own (migration V10). */
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "bulk_data", nullable = false)
    public String[] bulkData = new String[0];

    @Column(name = "received_bytes", nullable = false)
    public long receivedBytes;

    @Column(name = "stored_bytes", nullable = false)
    public long storedBytes;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** The file name non-DICOM data arrived under; null for DICOM. */
    @Column(name = "source_name")
    public String sourceName;

    @OneToMany(mappedBy = "instance", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("frameNumber")
    public List<Frame> frames = new ArrayList<>();
}
