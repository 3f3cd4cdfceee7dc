package dev.tracedffi.supervisor.x86;

/** The rows of {@link IntelOperandRows}, looked up like {@link OpcodeTable}: encoding, map, prefix, opcode, form, reg. */
final class IntelOperandTable {

    /** One row: mnemonics by W (or by operand size 16/32/64 for cbw/cwd), operand codes by W. */
    record Row(String[] mnemonics, String[][] operands) {
        boolean decoderNamed() {
            return mnemonics[0].equals("=");
        }
    }

    private static final Row[] ROWS = new Row[3 * 4 * 4 * 256 * 2 * 8];

    static {
        for (String line : IntelOperandRows.ROWS.split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                register(trimmed.split("\\s+"));
            }
        }
    }

    private IntelOperandTable() {
    }

    /**
     * The row of the instruction. A legacy 0F opcode without a 66 row under a 0x66 prefix is the general
     * purpose instruction with a 16-bit operand (the decoder files it under the 66 space).
     */
    static Row lookup(Encoding e) {
        Row row = ROWS[key(e.form(), e.map(), e.map() == 0 ? 0 : e.pp(), e.opcode(), e.registerForm(), e.opcodeExtension())];
        if (row == null && e.form() == Encoding.LEGACY && e.map() > 0 && e.pp() == 1) {
            Row plain = ROWS[key(e.form(), e.map(), 0, e.opcode(), e.registerForm(), e.opcodeExtension())];
            return plain != null && !plain.decoderNamed() ? plain : null;
        }
        return row;
    }

    /** The 0x66 of this instruction is its mandatory prefix: a row exists for the 66 space. */
    static boolean mandatory66(Encoding e) {
        return e.map() > 0 && e.pp() == 1
                && ROWS[key(e.form(), e.map(), 1, e.opcode(), e.registerForm(), e.opcodeExtension())] != null;
    }

    private static int key(int form, int map, int pp, int opcode, boolean registerForm, int reg) {
        return (((((form * 4 + map) * 4 + pp) * 256 + opcode) * 2 + (registerForm ? 1 : 0)) * 8) + reg;
    }

    private static void register(String[] tokens) {
        OpcodeSpace opcodeSpace = OpcodeSpace.parse(tokens);
        int pp = opcodeSpace.pp();
        int map = opcodeSpace.map();
        String opcodeToken = tokens[1];
        boolean registerOnly = opcodeToken.endsWith("r");
        boolean memoryOnly = opcodeToken.endsWith("m");
        if (registerOnly || memoryOnly) {
            opcodeToken = opcodeToken.substring(0, opcodeToken.length() - 1);
        }
        int firstReg = 0;
        int lastReg = 7;
        int slash = opcodeToken.indexOf('/');
        if (slash >= 0) {
            firstReg = lastReg = opcodeToken.charAt(slash + 1) - '0';
            opcodeToken = opcodeToken.substring(0, slash);
        }
        int dash = opcodeToken.indexOf('-');
        int first = Integer.parseInt(dash < 0 ? opcodeToken : opcodeToken.substring(0, dash), 16);
        int last = dash < 0 ? first : Integer.parseInt(opcodeToken.substring(dash + 1), 16);
        String[] operandTokens = tokens[4].equals("-") ? new String[0] : tokens[4].split(",");
        String[][] operands = {new String[operandTokens.length], new String[operandTokens.length]};
        for (int i = 0; i < operandTokens.length; i++) {
            int bar = operandTokens[i].indexOf('|');
            operands[0][i] = bar < 0 ? operandTokens[i] : operandTokens[i].substring(0, bar);
            operands[1][i] = bar < 0 ? operandTokens[i] : operandTokens[i].substring(bar + 1);
        }
        Row row = new Row(tokens[3].split("\\|"), operands);
        for (int form = 0; form < 3; form++) {
            if (tokens[2].indexOf("LVE".charAt(form)) < 0) {
                continue;
            }
            for (int opcode = first; opcode <= last; opcode++) {
                for (int reg = firstReg; reg <= lastReg; reg++) {
                    for (int registerForm = 0; registerForm < 2; registerForm++) {
                        if (registerForm == 1 ? memoryOnly : registerOnly) {
                            continue;
                        }
                        int key = key(form, map, pp, opcode, registerForm == 1, reg);
                        if (ROWS[key] != null) {
                            throw new IllegalStateException("duplicate row " + String.join(" ", tokens));
                        }
                        ROWS[key] = row;
                    }
                }
            }
        }
    }
}
