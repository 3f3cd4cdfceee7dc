package dev.tracedffi.supervisor.x86;

/**
 * The opcode space a table row names in its first token: an optional mandatory prefix, then the
 * opcode map ({@code 0F38}, {@code 66.0F}, {@code F3.0F3A}, {@code 1B} for the one-byte map).
 *
 * @param pp  0 none, 1 = 66, 2 = F3, 3 = F2 (the VEX/EVEX pp encoding)
 * @param map 0 one-byte, 1 = 0F, 2 = 0F38, 3 = 0F3A
 */
record OpcodeSpace(int pp, int map) {

    /** Parses the first token of {@code tokens}; an unknown prefix or map names the whole row. */
    static OpcodeSpace parse(String[] tokens) {
        String space = tokens[0];
        int pp = 0;
        int dot = space.indexOf('.');
        if (dot > 0) {
            pp = switch (space.substring(0, dot)) {
                case "66" -> 1;
                case "F3" -> 2;
                case "F2" -> 3;
                default -> throw new IllegalArgumentException("prefix in " + String.join(" ", tokens));
            };
            space = space.substring(dot + 1);
        }
        int map = switch (space) {
            case "1B" -> 0;
            case "0F" -> 1;
            case "0F38" -> 2;
            case "0F3A" -> 3;
            default -> throw new IllegalArgumentException("map in " + String.join(" ", tokens));
        };
        return new OpcodeSpace(pp, map);
    }
}
