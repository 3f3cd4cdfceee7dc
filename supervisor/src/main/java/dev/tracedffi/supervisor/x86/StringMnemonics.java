package dev.tracedffi.supervisor.x86;

/** Precomputed "rep stosb"-style names, so decoding a string instruction builds no string. */
final class StringMnemonics {

    private static final String[][][] NAMES =
            new String[StringOp.Kind.values().length][4][StringOp.Rep.values().length];

    static {
        String[] suffix = {"b", "w", "d", "q"};
        for (StringOp.Kind kind : StringOp.Kind.values()) {
            for (int sizeLog = 0; sizeLog < 4; sizeLog++) {
                for (StringOp.Rep rep : StringOp.Rep.values()) {
                    String prefix = rep == StringOp.Rep.NONE ? "" : rep.name().toLowerCase() + " ";
                    NAMES[kind.ordinal()][sizeLog][rep.ordinal()] =
                            prefix + kind.name().toLowerCase() + suffix[sizeLog];
                }
            }
        }
    }

    private StringMnemonics() {
    }

    static String of(StringOp op) {
        return NAMES[op.kind().ordinal()][Integer.numberOfTrailingZeros(op.elementSize())][op.rep().ordinal()];
    }
}
