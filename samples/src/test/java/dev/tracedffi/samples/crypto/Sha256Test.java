package dev.tracedffi.samples.crypto;

import dev.tracedffi.junit.FfiTracer;
import dev.tracedffi.junit.NativeMemory;
import dev.tracedffi.junit.TracedCall;
import dev.tracedffi.junit.TracedFfi;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;

import static dev.tracedffi.junit.assertions.TracedFfiAssertions.assertThat;
import static dev.tracedffi.samples.Buffers.contents;
import static dev.tracedffi.samples.Buffers.holding;
import static org.assertj.core.api.Assertions.assertThat;

@TracedFfi
class Sha256Test {

    /**
     * OpenSSL's SHA256_Init(3): "SHA1() computes the SHA-1 message digest of the n bytes at d and places it
     * in md (which must have space for SHA_DIGEST_LENGTH == 20 bytes of output)", and "the SHA224, SHA256,
     * SHA384 and SHA512 families of functions operate in the same way". So SHA256 reads the n bytes of d,
     * writes the 32 bytes of md, and nothing else; the digest is the one Java computes.
     */
    @Test
    void sha256ReadsExactlyTheInputAndWritesExactlyTheDigest(NativeMemory memory, FfiTracer tracer)
            throws NoSuchAlgorithmException {
        byte[] data = new byte[1000]; // 15 whole 64-byte blocks and a partial one
        new Random(7).nextBytes(data);
        Pointer d = holding(memory, "d", data);
        Pointer md = memory.allocate("md", LibCrypto.SHA256_DIGEST_LENGTH);

        TracedCall<Pointer> call = tracer.trace("SHA256", () -> LibCrypto.INSTANCE.SHA256(d, data.length, md));

        assertThat(call.result().address()).isEqualTo(md.address());
        assertThat(call)
                .readExactly(d, 0, data.length).didNotWrite(d)
                .wroteExactly(md, 0, LibCrypto.SHA256_DIGEST_LENGTH).didNotRead(md);
        assertThat(contents(md, LibCrypto.SHA256_DIGEST_LENGTH))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
