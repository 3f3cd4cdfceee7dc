package dev.tracedffi.supervisor.x86;

import java.util.ArrayList;
import java.util.List;

/**
 * Memory semantics of every opcode the decoder knows, looked up by encoding, map, mandatory prefix,
 * opcode, ModRM form and ModRM.reg. Built once from the row tables in {@link GeneralPurposeOpcodes}
 * and {@link VectorOpcodes}; a missing entry means "unknown", never a default.
 *
 * <p>Row format, whitespace separated: {@code space opcode encodings mnemonic size access [element] [flags]}
 * <ul>
 * <li>space: {@code 1B} one-byte map; {@code 0F}, {@code 0F38}, {@code 0F3A} optionally prefixed by the
 *     mandatory prefix {@code 66.}, {@code F3.}, {@code F2.}; {@code P.} = packed integer pair: an MMX
 *     row (no prefix, legacy, 8 bytes) plus the {@code 66.} row as written.</li>
 * <li>opcode: hex, a range {@code 50-57}, optionally {@code /digit}, {@code /digit-digit} or {@code /*} for
 *     ModRM.reg.</li>
 * <li>encodings: any of L (legacy), V (VEX), E (EVEX).</li>
 * <li>mnemonic, size, element: {@code w0|w1} when the W bit changes them.</li>
 * <li>size: see {@link OperandSize#parse}; access: {@code -} (none), R, W, RW, CR, CW.</li>
 * <li>element: e1, e2, e4, e8: EVEX element size for masking and broadcast.</li>
 * <li>flags: any (legacy 0F row valid under every mandatory prefix unless another row says otherwise),
 *     lock, cti, push, pop, call, ret, farret, iret, xlat, enter, leave, moffs, str=KIND, nobc, t1s, unkmem,
 *     ud (reserved encoding, #UD), mem, reg.</li>
 * </ul>
 */
final class OpcodeTable {

    static final int LEGACY = 0;
    static final int VEX = 1;
    static final int EVEX = 2;

    private static final OpcodeSpec[] SPECS = new OpcodeSpec[3 * 4 * 4 * 256 * 2 * 8];

    static {
        List<String[]> anyRows = new ArrayList<>();
        for (String table : new String[] {GeneralPurposeOpcodes.ROWS, VectorOpcodes.ROWS}) {
            for (String line : table.split("\n")) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] tokens = trimmed.split("\\s+");
                if (hasFlag(tokens, "any")) {
                    anyRows.add(tokens);
                }
                register(tokens, false);
            }
        }
        // Prefix-agnostic rows fill the other mandatory-prefix spaces last, so explicit rows win.
        for (String[] tokens : anyRows) {
            register(tokens, true);
        }
    }

    private OpcodeTable() {
    }

    /**
     * @param encoding LEGACY, VEX or EVEX
     * @param map      0 one-byte, 1 0F, 2 0F38, 3 0F3A
     * @param pp       0 none, 1 66, 2 F3, 3 F2 (ignored for the one-byte map)
     */
    static OpcodeSpec lookup(int encoding, int map, int pp, int opcode, boolean registerForm, int reg) {
        int space = (encoding * 4 + map) * 4 + (map == 0 ? 0 : pp);
        return SPECS[key(space, opcode, registerForm, reg)];
    }

    private static int key(int space, int opcode, boolean registerForm, int reg) {
        return ((space * 256 + opcode) * 2 + (registerForm ? 1 : 0)) * 8 + reg;
    }

    private static boolean hasFlag(String[] tokens, String flag) {
        for (int i = 6; i < tokens.length; i++) {
            if (tokens[i].equals(flag)) {
                return true;
            }
        }
        return false;
    }

    private static void register(String[] tokens, boolean fillOtherPrefixes) {
        String space = tokens[0];
        boolean packedPair = space.startsWith("P.");
        if (packedPair) {
            String[] mmx = tokens.clone();
            mmx[0] = space.substring(2);
            mmx[2] = "L";
            mmx[4] = "q";
            register(mmx, fillOtherPrefixes);
            tokens = tokens.clone();
            tokens[0] = "66." + space.substring(2);
            space = tokens[0];
        }
        OpcodeSpace opcodeSpace = OpcodeSpace.parse(tokens);
        int pp = opcodeSpace.pp();
        int map = opcodeSpace.map();
        OpcodeSpec legacy = parseSpec(tokens);
        String opcodeToken = tokens[1];
        int slash = opcodeToken.indexOf('/');
        String range = slash < 0 ? opcodeToken : opcodeToken.substring(0, slash);
        int firstReg = 0;
        int lastReg = 7;
        if (slash >= 0 && !opcodeToken.substring(slash + 1).equals("*")) {
            String regs = opcodeToken.substring(slash + 1);
            firstReg = regs.charAt(0) - '0';
            lastReg = regs.charAt(regs.length() - 1) - '0';
        }
        int dash = range.indexOf('-');
        int firstOpcode = Integer.parseInt(dash < 0 ? range : range.substring(0, dash), 16);
        int lastOpcode = dash < 0 ? firstOpcode : Integer.parseInt(range.substring(dash + 1), 16);
        String encodings = tokens[2];
        for (int encoding = LEGACY; encoding <= EVEX; encoding++) {
            if (encodings.indexOf("LVE".charAt(encoding)) < 0) {
                continue;
            }
            OpcodeSpec spec = encoding != LEGACY && encodings.contains("L") ? legacy.vexNamed() : legacy;
            for (int opcode = firstOpcode; opcode <= lastOpcode; opcode++) {
                for (int reg = firstReg; reg <= lastReg; reg++) {
                    for (int form = 0; form < 2; form++) {
                        boolean registerForm = form == 1;
                        if (registerForm ? spec.memoryOnly : spec.registerOnly) {
                            continue;
                        }
                        if (fillOtherPrefixes) {
                            fillIfEmpty(encoding, map, opcode, registerForm, reg, spec);
                        } else {
                            int key = key((encoding * 4 + map) * 4 + pp, opcode, registerForm, reg);
                            if (SPECS[key] != null) {
                                throw new IllegalStateException("duplicate row " + String.join(" ", tokens));
                            }
                            SPECS[key] = spec;
                        }
                    }
                }
            }
        }
    }

    private static void fillIfEmpty(int encoding, int map, int opcode, boolean registerForm, int reg,
                                    OpcodeSpec spec) {
        for (int pp = 1; pp < 4; pp++) {
            int key = key((encoding * 4 + map) * 4 + pp, opcode, registerForm, reg);
            if (SPECS[key] == null) {
                SPECS[key] = spec;
            }
        }
    }

    private static OpcodeSpec parseSpec(String[] tokens) {
        String[] mnemonic = byW(tokens[3]);
        String[] sizeTokens = byW(tokens[4]);
        OperandSize[] size = {OperandSize.parse(sizeTokens[0]), OperandSize.parse(sizeTokens[1])};
        Access access = switch (tokens[5]) {
            case "-" -> null;
            case "R" -> Access.READ;
            case "W" -> Access.WRITE;
            case "RW" -> Access.READ_WRITE;
            case "CR" -> Access.COND_READ;
            case "CW" -> Access.COND_WRITE;
            default -> throw new IllegalArgumentException("access in " + String.join(" ", tokens));
        };
        int[] element = {0, 0};
        OpcodeSpec.Implicit implicit = OpcodeSpec.Implicit.NONE;
        StringOp.Kind stringKind = null;
        boolean cti = false;
        boolean lock = false;
        boolean noBroadcast = false;
        boolean t1s = false;
        boolean unknownFootprint = false;
        boolean undefined = false;
        boolean memOnly = false;
        boolean regOnly = false;
        for (int i = 6; i < tokens.length; i++) {
            String flag = tokens[i];
            if (flag.matches("e[1248](\\|e[1248])?")) {
                String[] elements = byW(flag);
                element[0] = elements[0].charAt(1) - '0';
                element[1] = elements[1].charAt(1) - '0';
                continue;
            }
            if (flag.startsWith("str=")) {
                stringKind = StringOp.Kind.valueOf(flag.substring(4));
                implicit = OpcodeSpec.Implicit.STRING;
                continue;
            }
            switch (flag) {
                case "any" -> { }
                case "lock" -> lock = true;
                case "cti" -> cti = true;
                case "push" -> implicit = OpcodeSpec.Implicit.PUSH;
                case "pop" -> implicit = OpcodeSpec.Implicit.POP;
                case "call" -> implicit = OpcodeSpec.Implicit.CALL;
                case "ret" -> implicit = OpcodeSpec.Implicit.RET;
                case "farret" -> implicit = OpcodeSpec.Implicit.FAR_RET;
                case "iret" -> implicit = OpcodeSpec.Implicit.IRET;
                case "xlat" -> implicit = OpcodeSpec.Implicit.XLAT;
                case "enter" -> implicit = OpcodeSpec.Implicit.ENTER;
                case "leave" -> implicit = OpcodeSpec.Implicit.LEAVE;
                case "moffs" -> implicit = OpcodeSpec.Implicit.MOFFS;
                case "nobc" -> noBroadcast = true;
                case "t1s" -> t1s = true;
                case "unkmem" -> unknownFootprint = true;
                case "ud" -> undefined = true;
                case "mem" -> memOnly = true;
                case "reg" -> regOnly = true;
                default -> throw new IllegalArgumentException("flag " + flag + " in " + String.join(" ", tokens));
            }
        }
        return new OpcodeSpec(mnemonic, size, element, access, implicit, stringKind, cti, lock, noBroadcast, t1s,
                unknownFootprint, undefined, memOnly, regOnly);
    }

    private static String[] byW(String token) {
        int bar = token.indexOf('|');
        return bar < 0 ? new String[] {token, token} : new String[] {token.substring(0, bar), token.substring(bar + 1)};
    }
}
