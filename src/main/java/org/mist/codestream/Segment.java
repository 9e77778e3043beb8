package org.mist.codestream;

/** A marker segment at {@code offset}: the marker, its length field and its parameters ({@code length} bytes in all). */
record Segment(int marker, int offset, int length) {

    /** Offset of the first parameter byte, after the marker and Lxxx. */
    int body() {
        return offset + 4;
    }

    int end() {
        return offset + length;
    }
}
