package org.mist.store.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One stored frame: its object, how it is coded, and where each resolution level's prefix ends. */
@Entity
@Table(name = "frame")
@IdClass(Frame.Key.class)
public class Frame {
    /**
     * HTJ2K; or the lossless fallback for samples HTJ2K cannot hold: DEFLATE of the raw little-endian integer
     * words, FLOAT of raw little-endian IEEE floats (32 or 64 bits: the frame's bit depth). RAW is a frame
     * received but not yet compressed (deferred compression, {@code ingest/Transcoder}): its samples as HTJ2K
     * will code them, interleaved little-endian words of 1 byte (bit depth up to 8) or 2, until the HTJ2K copy
     * replaces it.
     */
    public enum Codec { HTJ2K, DEFLATE, FLOAT, RAW }

    @Id
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "instance_fk")
    public Instance instance;

    @Id
    @Column(name = "frame_number")
    public int frameNumber;

    @Column(name = "object_key", nullable = false)
    public String objectKey;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Codec codec;

    public int width;

    public int height;

    public int components;

    @Column(name = "bit_depth")
    public int bitDepth;

    public boolean signed;

    public int levels;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "level_ends", nullable = false)
    public int[] levelEnds;

    @Column(name = "byte_size")
    public long byteSize;

    public String sha256;

    @Column(name = "samples_sha256")
    public String samplesSha256;

    public static class Key implements Serializable {
        public Long instance;
        public int frameNumber;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(instance, k.instance) && frameNumber == k.frameNumber;
        }

        @Override
        public int hashCode() {
            return Objects.hash(instance, frameNumber);
        }
    }
}
