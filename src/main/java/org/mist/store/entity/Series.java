package org.mist.store.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

@Entity
@Table(name = "series")
public class Series {
    /** What the series arrived as: it bounds what it can leave as (DICOM > NIfTI > PNG/JPEG). */
    public enum OriginFormat { DICOM, NIFTI, PNG, JPEG }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "store_id", nullable = false)
    public Long storeId;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "study_fk")
    public Study study;

    @Column(name = "series_instance_uid", nullable = false)
    public String seriesInstanceUid;

    public String modality;

    @Column(name = "series_number")
    public Integer seriesNumber;

    @Column(name = "series_description")
    public String seriesDescription;

    @Column(name = "body_part_examined")
    public String bodyPartExamined;

    @Column(name = "series_date")
    public String seriesDate;

    @Column(name = "series_time")
    public String seriesTime;

    @Enumerated(EnumType.STRING)
    @Column(name = "origin_format", nullable = false)
    public OriginFormat originFormat;
}
