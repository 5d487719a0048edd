package org.ccflux.core.internal.stats;

import static org.ccflux.core.internal.CoreTestSupport.await;
import static org.ccflux.core.internal.CoreTestSupport.captureStderr;
import static org.ccflux.core.internal.CoreTestSupport.props;
import static org.ccflux.core.internal.CoreTestSupport.threadsNamed;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.ccflux.core.internal.config.ServerConfig;
import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** The periodic stats line (CC's heartbeat in the log) and the info file, reference §4.4–4.5. */
public class StatsReporterTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final Counters counters = new Counters();
    private StatsReporter reporter;

    @After
    public void close() {
        if (reporter != null) {
            reporter.close();
        }
    }

    private ServerConfig config(Object... more) {
        Map<String, Object> p = props(more);
        p.put(ServerConfig.CC_SOCKET, "tcp://127.0.0.1:10000");
        p.putIfAbsent(ServerConfig.STATS_PERIOD, "86400"); // tests call report() themselves
        return new ServerConfig(p);
    }

    private StatsReporter reporter(ServerConfig cfg) {
        reporter = new StatsReporter(counters, new InfoFile("test", Instant.now()), cfg);
        return reporter;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String statsLine(String log) {
        for (String l : log.split("\n")) {
            if (l.contains(StatsReporter.class.getName() + " - {")) {
                return l.substring(l.indexOf(" - {") + 3);
            }
        }
        throw new AssertionError("no stats line in: " + log);
    }

    @Test
    public void lineFormatIsCcs() {
        Map<String, Long> values = new LinkedHashMap<>();
        values.put("bytes", 2L);
        values.put("count", 1L);
        values.put("seconds.ok", 2_500_000L);
        assertEquals("{bytes: 2, count: 1, seconds.ok: 0.002500}", StatsReporter.line(values));
        assertEquals("{a: 1, b: 2}", StatsReporter.line(new TreeMap<>(Map.of("b", 2L, "a", 1L))));
        assertEquals("{}", StatsReporter.line(Map.of()));
    }

    @Test
    public void anIdlePeriodStillLogsCount() {
        reporter(config());
        String log = captureStderr(() -> {
            reporter.report();
            return null;
        });
        assertEquals("{count: 0}", statsLine(log));
    }

    @Test
    public void reportLogsThePeriodSortedAndStartsANewOne() {
        reporter(config());
        counters.add("count", 3);
        counters.add("bytes", 120);
        counters.add("seconds", 1_000_000);
        counters.add("count.ok", 3);

        String first = statsLine(captureStderr(() -> {
            reporter.report();
            return null;
        }));
        String second = statsLine(captureStderr(() -> {
            reporter.report();
            return null;
        }));

        assertEquals("{bytes: 120, count: 3, count.ok: 3, seconds: 0.001000}", first);
        assertEquals("{count: 0}", second);
    }

    @Test
    public void theInfoFileHasTotalsSinceStartAndTheLatestPeriod() {
        Path file = tmp.getRoot().toPath().resolve("cc.info");
        reporter(config(ServerConfig.INFOFILE, file.toString()));

        counters.add("count", 3);
        counters.add("count.ok", 3);
        reporter.report();
        counters.add("count", 2);
        counters.add("count.invalid", 2);
        reporter.report();

        String text = read(file);
        assertTrue(text, text.contains("[total]\ncount: 5\ncount.invalid: 2\ncount.ok: 3\n\n"));
        assertTrue(text, text.contains("[latest]\ncount: 2\ncount.invalid: 2\n\n"));
        assertTrue(text, text.startsWith("name: test\n"));
        assertTrue(text, text.contains("info-period: 86400\n"));
        assertFalse(Files.exists(file.resolveSibling("cc.info.new")));
    }

    @Test
    public void levelOneWritesOnlyTheHeaderAndLevelZeroNothing() {
        Path one = tmp.getRoot().toPath().resolve("one.info");
        reporter(config(ServerConfig.INFOFILE, one.toString(), ServerConfig.INFOFILE_LEVEL, "1"));
        counters.add("count", 1);
        reporter.report();
        assertFalse(read(one).contains("[total]"));
        assertTrue(read(one).contains("service: ccserver\n"));

        Path zero = tmp.getRoot().toPath().resolve("zero.info");
        reporter.reconfigure(config(ServerConfig.INFOFILE, zero.toString(), ServerConfig.INFOFILE_LEVEL, "0"));
        reporter.report();
        assertFalse(Files.exists(zero));
    }

    @Test
    public void levelThreeAddsTheAverageSections() {
        Path file = tmp.getRoot().toPath().resolve("avg.info");
        reporter(config(ServerConfig.INFOFILE, file.toString(), ServerConfig.INFOFILE_LEVEL, "3"));
        reporter.report();
        String text = read(file);
        assertTrue(text, text.contains("[avg:60]\n"));
        assertTrue(text, text.contains("[avg:300]\n"));
        assertTrue(text, text.contains("[avg:900]\n"));
    }

    @Test
    public void reconfigureKeepsTheTotals() {
        Path file = tmp.getRoot().toPath().resolve("keep.info");
        reporter(config(ServerConfig.INFOFILE, file.toString()));
        counters.add("count", 4);
        reporter.report();
        reporter.reconfigure(config(ServerConfig.INFOFILE, file.toString(), ServerConfig.CC_STATS, "2"));
        counters.add("count", 1);
        reporter.report();
        assertTrue(read(file), read(file).contains("[total]\ncount: 5\n"));
    }

    @Test
    public void theTimerReportsEveryPeriod() {
        Path file = tmp.getRoot().toPath().resolve("timer.info");
        reporter(config(ServerConfig.INFOFILE, file.toString(), ServerConfig.STATS_PERIOD, "1"));
        counters.add("count", 7);
        await("the timer wrote the info file", () -> Files.exists(file) && read(file).contains("[total]\ncount: 7\n"));
    }

    @Test
    public void anUnwritableInfoFileDoesNotStopTheStatsLine() throws Exception {
        Path blocker = tmp.newFile("not-a-dir").toPath();
        reporter(config(ServerConfig.INFOFILE, blocker.resolve("cc.info").toString()));
        counters.add("count", 1);
        String log = captureStderr(() -> {
            reporter.report();
            return null;
        });
        assertTrue(log, log.contains("cannot write info file"));
        assertEquals("{count: 1}", statsLine(log));
    }

    @Test
    public void closeStopsTheStatsThread() {
        reporter(config(ServerConfig.STATS_PERIOD, "1"));
        assertFalse("the timer thread runs", threadsNamed("ccflux-stats").isEmpty());
        reporter.close();
        await("no ccflux-stats thread left", () -> threadsNamed("ccflux-stats").isEmpty());
    }
}
