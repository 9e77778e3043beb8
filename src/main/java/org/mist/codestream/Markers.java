package org.mist.codestream;

/** JPEG 2000 marker codes (ISO 15444-1 Annex A, 15444-15 for CAP/CPF). */
final class Markers {
    static final int SOC = 0xFF4F, CAP = 0xFF50, SIZ = 0xFF51, COD = 0xFF52, COC = 0xFF53, TLM = 0xFF55,
            PLM = 0xFF57, PLT = 0xFF58, QCD = 0xFF5C, QCC = 0xFF5D, RGN = 0xFF5E, POC = 0xFF5F, PPM = 0xFF60,
            PPT = 0xFF61, COM = 0xFF64, SOT = 0xFF90, SOP = 0xFF91, EPH = 0xFF92, SOD = 0xFF93, EOC = 0xFFD9;

    private Markers() {
    }

    static String name(int marker) {
        return switch (marker) {
            case SOC -> "SOC";
            case CAP -> "CAP";
            case SIZ -> "SIZ";
            case COD -> "COD";
            case COC -> "COC";
            case TLM -> "TLM";
            case PLM -> "PLM";
            case PLT -> "PLT";
            case QCD -> "QCD";
            case QCC -> "QCC";
            case RGN -> "RGN";
            case POC -> "POC";
            case PPM -> "PPM";
            case PPT -> "PPT";
            case COM -> "COM";
            case SOT -> "SOT";
            case SOD -> "SOD";
            case EOC -> "EOC";
            default -> String.format("0x%04X", marker);
        };
    }
}
