package dev.tracedffi.linux;

/** A Linux call failed; carries errno and its text. */
public class LinuxException extends RuntimeException {

    private final int errno;

    public LinuxException(String call, int errno, String text) {
        super(call + " failed: errno " + errno + " (" + text + ")");
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
