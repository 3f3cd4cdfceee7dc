package dev.tracedffi.supervisor.x86;

/** Register forms of 0F 01 (ModRM.mod == 3) that a user-mode program may execute and that touch no memory. */
final class SystemInstructions {

    private SystemInstructions() {
    }

    static boolean isKnownRegisterForm(int modrm) {
        return switch (modrm) {
            // clac, stac, xgetbv, xsetbv, xend, xtest, enclu-free: serialize, rdpkru, wrpkru, swapgs, rdtscp
            case 0xCA, 0xCB, 0xD0, 0xD1, 0xD5, 0xD6, 0xE8, 0xEE, 0xEF, 0xF8, 0xF9 -> true;
            default -> false;
        };
    }
}
