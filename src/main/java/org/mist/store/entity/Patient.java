package org.mist.store.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "patient")
public class Patient {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "store_id", nullable = false)
    public Long storeId;

    @Column(name = "patient_id", nullable = false)
    public String patientId;

    @Column(name = "issuer_of_patient_id", nullable = false)
    public String issuerOfPatientId;

    @Column(name = "patient_name")
    public String patientName;

    @Column(name = "patient_birth_date")
    public String patientBirthDate;

    @Column(name = "patient_sex")
    public String patientSex;
}
