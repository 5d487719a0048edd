package org.ccflux.client;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ccflux.client.loop.SocketLoop;

/** A shared loop for tests, which a test may hold busy to let work pile up in front of it. */
final class SocketLoopFixture implements AutoCloseable {
    final SocketLoop loop = new SocketLoop("test-loop", 1);
    private final CountDownLatch release = new CountDownLatch(1);

    /** Returns once the loop thread is stuck in a task until {@link #unblock()}. */
    void block() throws InterruptedException {
        CountDownLatch entered = new CountDownLatch(1);
        loop.execute(() -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        if (!entered.await(5, TimeUnit.SECONDS)) {
            throw new AssertionError("the loop did not take the blocking task");
        }
    }

    void unblock() {
        release.countDown();
    }

    @Override
    public void close() {
        unblock();
        loop.close();
    }
}
