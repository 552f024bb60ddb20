package io.headroom.common.testing;

/** Stopping what a test started: everything is stopped, even when an earlier stop fails. */
public final class Cleanup {

    private Cleanup() {
    }

    /**
     * Closes each resource in order (null ones are skipped). The first failure is thrown once all
     * were tried, with the later ones attached as suppressed.
     */
    public static void closeAll(AutoCloseable... resources) {
        RuntimeException failure = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
