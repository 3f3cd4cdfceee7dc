package dev.tracedffi.supervisor.unwind;

/**
 * One FDE with its CIE: the code range [pcBegin, pcEnd) in the ELF's virtual addresses and the
 * call-frame instructions that describe it.
 */
record FrameDescription(CommonInformation cie, long pcBegin, long pcEnd, byte[] instructions) {

    boolean covers(long vaddr) {
        return vaddr >= pcBegin && vaddr < pcEnd;
    }

    /** What a CIE holds for every FDE that points to it. */
    record CommonInformation(long codeAlignment, long dataAlignment, int returnAddressRegister,
                             byte[] initialInstructions, int fdeEncoding, boolean signalFrame,
                             boolean augmentationData) {
    }
}
