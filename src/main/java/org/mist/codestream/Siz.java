package org.mist.codestream;

/** The SIZ marker segment (15444-1 A.5.1). Unsigned 32-bit fields are held in longs. */
public record Siz(int rsiz, long xsiz, long ysiz, long xosiz, long yosiz, long xtsiz, long ytsiz, long xtosiz,
                  long ytosiz, Component[] components) {

    /** Ssiz, XRsiz and YRsiz of one component. */
    public record Component(int ssiz, int xr, int yr) {
        public int bitDepth() {
            return (ssiz & 0x7F) + 1;
        }

        public boolean signed() {
            return (ssiz & 0x80) != 0;
        }
    }

    /** Sides beyond this are refused: geometry work grows with the area a header claims. */
    static final long MAX_SIDE = 1 << 20;
    static final long MAX_AREA = 1L << 32;

    static Siz parse(byte[] d, Segment s) {
        int p = s.body(), end = s.end();
        int csiz = Bytes.u16(d, p + 34, end);
        if (csiz < 1 || s.length() != 40 + 3 * csiz) {
            throw new CodestreamException("SIZ length " + s.length() + " does not fit " + csiz + " components");
        }
        Component[] comps = new Component[csiz];
        for (int c = 0; c < csiz; c++) {
            int q = p + 36 + 3 * c;
            comps[c] = new Component(Bytes.u8(d, q, end), Bytes.u8(d, q + 1, end), Bytes.u8(d, q + 2, end));
            if (comps[c].xr() < 1 || comps[c].yr() < 1) {
                throw new CodestreamException("SIZ component " + c + " has a zero subsampling factor");
            }
            if (comps[c].bitDepth() > 38) {
                throw new CodestreamException("SIZ component " + c + " has bit depth " + comps[c].bitDepth());
            }
        }
        Siz siz = new Siz(Bytes.u16(d, p, end), Bytes.u32(d, p + 2, end), Bytes.u32(d, p + 6, end),
                Bytes.u32(d, p + 10, end), Bytes.u32(d, p + 14, end), Bytes.u32(d, p + 18, end),
                Bytes.u32(d, p + 22, end), Bytes.u32(d, p + 26, end), Bytes.u32(d, p + 30, end), comps);
        siz.validate();
        return siz;
    }

    private void validate() {
        long w = xsiz - xosiz, h = ysiz - yosiz;
        if (w <= 0 || h <= 0) {
            throw new CodestreamException("SIZ gives an empty image: " + xsiz + "x" + ysiz + " at " + xosiz + "," + yosiz);
        }
        if (w > MAX_SIDE || h > MAX_SIDE || w * h > MAX_AREA) {
            throw new CodestreamException("SIZ claims " + w + "x" + h + " samples: more than MIST handles ("
                    + MAX_SIDE + " per side, " + MAX_AREA + " in all)");
        }
        if (xtsiz == 0 || ytsiz == 0 || xtosiz > xosiz || ytosiz > yosiz
                || xtosiz + xtsiz <= xosiz || ytosiz + ytsiz <= yosiz) {
            throw new CodestreamException("SIZ tile grid does not cover the image origin");
        }
    }

    public int width() {
        return (int) (xsiz - xosiz);
    }

    public int height() {
        return (int) (ysiz - yosiz);
    }

    long tilesAcross() {
        return ceilDiv(xsiz - xtosiz, xtsiz);
    }

    long tilesDown() {
        return ceilDiv(ysiz - ytosiz, ytsiz);
    }

    static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    /** The SIZ segment with the image and tile area of resolution level k (one tile still covers it). */
    byte[] reduced(int k) {
        long d = 1L << k;
        long x = ceilDiv(xsiz, d), y = ceilDiv(ysiz, d), xo = ceilDiv(xosiz, d), yo = ceilDiv(yosiz, d);
        long xto = xtosiz >> k, yto = ytosiz >> k;
        byte[] out = new byte[40 + 3 * components.length];
        Bytes.put16(out, 0, Markers.SIZ);
        Bytes.put16(out, 2, out.length - 2);
        Bytes.put16(out, 4, rsiz);
        long[] fields = {x, y, xo, yo, x - xto, y - yto, xto, yto};
        for (int i = 0; i < fields.length; i++) {
            Bytes.put32(out, 6 + 4 * i, fields[i]);
        }
        Bytes.put16(out, 38, components.length);
        for (int c = 0; c < components.length; c++) {
            out[40 + 3 * c] = (byte) components[c].ssiz();
            out[41 + 3 * c] = (byte) components[c].xr();
            out[42 + 3 * c] = (byte) components[c].yr();
        }
        return out;
    }
}
