package dev.tracedffi.supervisor.trace;

/** Hex text for reports and warnings. */
final class Hex {

    private Hex() {
    }

    /** {@code "0f be 40 01"}. */
    static String bytes(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length * 3);
        for (byte b : bytes) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(String.format("%02x", b));
        }
        return out.toString();
    }
}
