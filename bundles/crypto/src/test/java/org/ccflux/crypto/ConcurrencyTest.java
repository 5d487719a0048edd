package org.ccflux.crypto;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/** One sealer and one opener shared by worker threads, as the core's pipeline uses them. */
public class ConcurrencyTest {
    private static final int THREADS = 4;
    private static ExecutorService pool;
    private static MessageSealer sealer;

    @BeforeClass
    public static void setUp() {
        TestKeys.dir();
        pool = Executors.newFixedThreadPool(THREADS);
        sealer = MessageSealer.create(CryptoOptions.parse(TestKeys.options("cms-sign", "user1")));
    }

    @AfterClass
    public static void tearDown() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    @Test
    public void parallelSealAndOpenAllSucceed() throws Exception {
        MessageOpener opener = MessageOpener.create(CryptoOptions.parse(
                TestKeys.options("cms-verify-ca", "ca", "cms-time-window", "300")));
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            results.add(pool.submit(() -> {
                int ok = 0;
                for (int i = 0; i < 25; i++) {
                    String type = "log.t" + thread + ".m" + i;
                    CcMessage m = sealer.seal(type, CcJson.header(type), new byte[] {(byte) i});
                    for (int copy = 0; copy < 4; copy++) {
                        OpenResult r = opener.open(m);
                        if (copy == 0 ? r.isAccepted() : !r.isAccepted() && ((OpenResult.Rejected) r).reason() == Reason.REPLAYED) {
                            ok++;
                        }
                    }
                }
                return ok;
            }));
        }
        for (Future<Integer> f : results) {
            assertEquals(100, (int) f.get(60, TimeUnit.SECONDS));
        }
        assertEquals(THREADS * 25, opener.replayCacheSize());
    }

    @Test
    public void concurrentCopiesOfOneMessageAreAcceptedExactlyOnce() throws Exception {
        MessageOpener opener = MessageOpener.create(CryptoOptions.parse(
                TestKeys.options("cms-verify-ca", "ca", "cms-time-window", "300")));
        for (int round = 0; round < 20; round++) {
            CcMessage m = sealer.seal("task.send.r" + round, CcJson.header("task.send.r" + round), null);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Callable<Boolean> open = () -> {
                    start.await();
                    return opener.open(m).isAccepted();
                };
                results.add(pool.submit(open));
            }
            start.countDown();
            int accepted = 0;
            for (Future<Boolean> f : results) {
                accepted += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals("round " + round, 1, accepted);
        }
        assertTrue(opener.replayCacheEvictions() == 0);
    }
}
