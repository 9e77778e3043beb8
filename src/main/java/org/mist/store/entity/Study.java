package org.mist.store.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

@Entity
@Table(name = "study")
public class Study {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "store_id", nullable = false)
    public Long storeId;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "patient_fk")
    public Patient patient;

    @Column(name = "study_instance_uid", nullable = false)
    public String studyInstanceUid;

    @Column(name = "study_date")
    public String studyDate;

    @Column(name = "study_time")
    public String studyTime;

    @Column(name = "accession_number")
    public String accessionNumber;

    @Column(name = "study_id")
    public String studyId;

    @Column(name = "study_description")
    public String studyDescription;

    @Column(name = "referring_physician_name")
    public String referringPhysicianName;
}
