package org.mist.formats;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * A frame's samples as a lossless PNG (for research pipelines, not display): grey up to 8 bits as 8-bit PNG,
 * grey over 8 bits as 16-bit PNG, colour as 8-bit RGB. Signed samples are offset by 2^(Bits Stored - 1) so that
 * they fit PNG's unsigned samples (add it back to read the stored values); no rescale, no window.
 */
public final class PngOut {
    private PngOut() {
    }

    public static byte[] samples(FrameImage im, Rendering info) {
        int bits = info.format().bitsStored();
        boolean signed = info.format().signed();
        long offset = signed ? 1L << (bits - 1) : 0;
        BufferedImage out;
        if (im.components() == 3) {
            out = new BufferedImage(im.width(), im.height(), BufferedImage.TYPE_3BYTE_BGR);
            byte[] px = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < im.width() * im.height(); i++) {
                for (int c = 0; c < 3; c++) {
                    px[3 * i + (2 - c)] = (byte) info.sample(im.values()[3 * i + c]);
                }
            }
        } else if (bits <= 8) {
            out = new BufferedImage(im.width(), im.height(), BufferedImage.TYPE_BYTE_GRAY);
            byte[] px = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < px.length; i++) {
                px[i] = (byte) (info.sample(im.values()[i]) + offset);
            }
        } else {
            out = new BufferedImage(im.width(), im.height(), BufferedImage.TYPE_USHORT_GRAY);
            short[] px = ((DataBufferUShort) out.getRaster().getDataBuffer()).getData();
            for (int i = 0; i < px.length; i++) {
                px[i] = (short) (info.sample(im.values()[i]) + offset);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(im.width() * im.height());
        try {
            ImageIO.write(out, "png", bytes);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write PNG: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }
}
