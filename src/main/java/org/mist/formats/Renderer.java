package org.mist.formats;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.mist.archive.FrameImage;
import org.mist.archive.LevelRequest;
import org.mist.archive.Palette;
import org.mist.archive.Rendering;
import org.mist.dicom.PixelFormat;

/**
 * Rendered images (PS3.18 8.3.5, 9.5): a frame to 8-bit PNG or JPEG. Grey frames go through the modality
 * rescale and a VOI window (the request's, else the instance's, else the frame's own range); MONOCHROME1
 * is inverted; colour frames are shown as they are; palette frames through their lookup tables, and a grey
 * frame with a supplemental palette in colour where the table covers its stored values. A viewport scales the image to fit, keeping its aspect.
 */
public final class Renderer {
    /** What a rendered request asks for. Window width null: not given. Viewport 0: not given. */
    public record Request(String mediaType, Double windowCenter, Double windowWidth, String voiFunction,
                          int viewportWidth, int viewportHeight, int quality) {
    }

    private Renderer() {
    }

    /**
     * Float samples (a float NIfTI, a parametric map) have no lossless PNG: they are rendered, 8-bit, through the
     * window asked for or, without one, their own range. They are quantised to 16 bits over that range first, the
     * rescale carrying the real values, so a window in real units still applies.
     */
    public static byte[] renderFloats(double[] v, int width, int height, Rendering info, Request r, int fullWidth, int fullHeight) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            if (Double.isFinite(x)) {
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
        }
        if (min > max) {
            min = 0;
            max = 0;
        }
        double step = max > min ? (max - min) / 65535 : 1;
        long[] q = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            q[i] = Double.isFinite(v[i]) ? Math.round((v[i] - min) / step) : 0;
        }
        Rendering quantised = new Rendering(new PixelFormat(height, width, 1, 16, 16, 15, false, false, "MONOCHROME2", 1),
                info.slope() * step, info.slope() * min + info.intercept(), null, null, "LINEAR", null);
        return render(new FrameImage(width, height, 1, q), quantised, r, fullWidth, fullHeight);
    }

    public static byte[] render(FrameImage frame, Rendering info, Request r, int fullWidth, int fullHeight) {
        FrameImage im = frame.withoutAlpha();
        Palette palette = im.components() == 1 ? info.palette() : null;
        BufferedImage shown = palette == null ? im.components() == 1 ? grey(im, info, r) : colour(im, info)
                : palette.supplemental() ? supplemental(grey(im, info, r), im, info) : palette(im, info);
        if (r.viewportWidth() > 0 || r.viewportHeight() > 0) {
            double scale = LevelRequest.fitScale(fullWidth, fullHeight, r.viewportWidth(), r.viewportHeight());
            int w = Math.max(1, (int) Math.round(fullWidth * scale));
            int h = Math.max(1, (int) Math.round(fullHeight * scale));
            if (w != shown.getWidth() || h != shown.getHeight()) {
                shown = resize(shown, w, h);
            }
        }
        return encode(shown, r);
    }

    private static BufferedImage grey(FrameImage im, Rendering info, Request r) {
        int n = im.width() * im.height();
        double[] values = new double[n];
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            double v = info.sample(im.values()[i]) * info.slope() + info.intercept();
            values[i] = v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double centre;
        double width;
        String function = r.voiFunction() != null ? r.voiFunction() : info.voiFunction();
        if (r.windowWidth() != null) {
            centre = r.windowCenter();
            width = r.windowWidth();
        } else if (info.windowWidth() != null) {
            centre = info.windowCenter();
            width = info.windowWidth();
        } else {
            // No window anywhere: the frame's own range, mapped whole.
            centre = (min + max) / 2 + 0.5;
            width = Math.max(1, max - min + 1);
            function = "LINEAR";
        }
        boolean invert = "MONOCHROME1".equals(info.format().photometric());
        BufferedImage out = new BufferedImage(im.width(), im.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = ((java.awt.image.DataBufferByte) out.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < n; i++) {
            int y = voi(values[i], centre, width, function);
            pixels[i] = (byte) (invert ? 255 - y : y);
        }
        return out;
    }

    /** PS3.3 C.11.2.1.2: LINEAR, LINEAR_EXACT and SIGMOID VOI functions to 0..255. */
    static int voi(double x, double c, double w, String function) {
        double y;
        switch (function) {
            case "SIGMOID" -> y = 255 / (1 + Math.exp(-4 * (x - c) / w));
            case "LINEAR_EXACT" -> y = x <= c - w / 2 ? 0 : x > c + w / 2 ? 255 : ((x - c) / w + 0.5) * 255;
            default -> {
                if (w <= 1) {
                    y = x <= c - 0.5 ? 0 : 255;
                } else if (x <= c - 0.5 - (w - 1) / 2) {
                    y = 0;
                } else if (x > c - 0.5 + (w - 1) / 2) {
                    y = 255;
                } else {
                    y = ((x - (c - 0.5)) / (w - 1) + 0.5) * 255;
                }
            }
        }
        return (int) Math.max(0, Math.min(255, Math.round(y)));
    }

    private static BufferedImage colour(FrameImage im, Rendering info) {
        int shift = Math.max(0, info.format().bitsStored() - 8);
        boolean ybr = info.format().photometric().startsWith("YBR_FULL");
        BufferedImage out = new BufferedImage(im.width(), im.height(), BufferedImage.TYPE_INT_RGB);
        int[] rgb = ((java.awt.image.DataBufferInt) out.getRaster().getDataBuffer()).getData();
        long[] v = im.values();
        for (int i = 0; i < rgb.length; i++) {
            int a = (int) (v[3 * i] >> shift);
            int b = (int) (v[3 * i + 1] >> shift);
            int c = (int) (v[3 * i + 2] >> shift);
            if (ybr) {  // PS3.3 C.7.6.3.1.2, YBR_FULL to RGB
                int red = (int) Math.round(a + 1.402 * (c - 128));
                int green = (int) Math.round(a - 0.344136 * (b - 128) - 0.714136 * (c - 128));
                int blue = (int) Math.round(a + 1.772 * (b - 128));
                a = red;
                b = green;
                c = blue;
            }
            rgb[i] = clamp(a) << 16 | clamp(b) << 8 | clamp(c);
        }
        return out;
    }

    private static BufferedImage palette(FrameImage im, Rendering info) {
        BufferedImage out = new BufferedImage(im.width(), im.height(), BufferedImage.TYPE_INT_RGB);
        int[] rgb = ((java.awt.image.DataBufferInt) out.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = info.palette().rgb(info.sample(im.values()[i]));
        }
        return out;
    }

    /** C.7.6.19: the stored values the supplemental table covers in its colours, the others grey as rendered. */
    private static BufferedImage supplemental(BufferedImage grey, FrameImage im, Rendering info) {
        byte[] g = ((java.awt.image.DataBufferByte) grey.getRaster().getDataBuffer()).getData();
        BufferedImage out = new BufferedImage(im.width(), im.height(), BufferedImage.TYPE_INT_RGB);
        int[] rgb = ((java.awt.image.DataBufferInt) out.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < rgb.length; i++) {
            long stored = info.sample(im.values()[i]);
            int y = g[i] & 0xFF;
            rgb[i] = info.palette().covers(stored) ? info.palette().rgb(stored) : y << 16 | y << 8 | y;
        }
        return out;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static BufferedImage resize(BufferedImage src, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, src.getType());
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private static byte[] encode(BufferedImage image, Request r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        try {
            if ("image/png".equals(r.mediaType())) {
                ImageIO.write(image, "png", out);
            } else {
                ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
                ImageWriteParam p = writer.getDefaultWriteParam();
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality(Math.max(1, Math.min(100, r.quality())) / 100f);
                try (MemoryCacheImageOutputStream s = new MemoryCacheImageOutputStream(out)) {
                    writer.setOutput(s);
                    writer.write(null, new IIOImage(image, null, null), p);
                } finally {
                    writer.dispose();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the rendered image: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }
}
