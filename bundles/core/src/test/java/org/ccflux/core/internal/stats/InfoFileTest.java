package org.ccflux.core.internal.stats;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** CC's info file (reference §4.5): levels 1–3, written atomically. */
public class InfoFileTest {
    private static final Instant STARTED = Instant.ofEpochMilli(1_700_000_000_250L);
    private static final Instant NOW = Instant.ofEpochMilli(1_700_000_030_500L);
    private static final List<String> HEADER_KEYS = List.of("name", "version", "service", "pid", "started", "status",
            "time-consumed", "info-period", "info-written", "platform", "java", "jeromq");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final InfoFile info = new InfoFile("ccserver-test", STARTED);
    private final Map<String, Long> totals = new TreeMap<>(Map.of("count", 10L, "bytes", 2000L, "seconds", 1_500_000L));
    private final Map<String, Long> latest = new TreeMap<>(Map.of("count", 4L, "bytes", 800L));

    private String render(int level) {
        MovingAverages averages = new MovingAverages();
        averages.push(Map.of("count", 12L));
        return info.render(level, 30, totals, latest, averages, NOW);
    }

    private static List<String> lines(String text) {
        return List.of(text.split("\n", -1));
    }

    @Test
    public void levelZeroIsEmpty() {
        assertEquals("", render(0));
    }

    @Test
    public void levelOneIsTheHeaderThenABlankLine() {
        List<String> lines = lines(render(1));
        List<String> keys = new ArrayList<>();
        for (String l : lines.subList(0, HEADER_KEYS.size())) {
            keys.add(l.substring(0, l.indexOf(": ")));
        }
        assertEquals(HEADER_KEYS, keys);
        assertEquals(List.of("", ""), lines.subList(HEADER_KEYS.size(), lines.size())); // blank line, then end
        assertEquals("name: ccserver-test", lines.get(0));
        assertTrue(lines.get(1), lines.get(1).startsWith("version: 0.8.7"));
        assertEquals("service: ccserver", lines.get(2));
        assertEquals("pid: " + ProcessHandle.current().pid(), lines.get(3));
        assertTrue(lines.get(4), lines.get(4).matches("started: 1700000000\\.250 \\(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\S+\\)"));
        assertEquals("status: ", lines.get(5));
        assertTrue(lines.get(6), lines.get(6).matches("time-consumed: \\d+\\.\\d\\d \\d+\\.\\d\\d \\d+\\.\\d\\d \\d+\\.\\d\\d"));
        assertEquals("info-period: 30", lines.get(7));
        assertTrue(lines.get(8), lines.get(8).startsWith("info-written: 1700000030.500 ("));
        assertFalse(render(1).contains("[total]"));
    }

    @Test
    public void levelTwoAddsSortedTotalsAndLatest() {
        String text = render(2);
        String expectedTail = "[total]\n"
                + "bytes: 2000\n"
                + "count: 10\n"
                + "seconds: 0.001500\n"
                + "\n"
                + "[latest]\n"
                + "bytes: 800\n"
                + "count: 4\n"
                + "\n";
        assertTrue(text, text.endsWith("\n\n" + expectedTail));
        assertTrue(text.startsWith("name: ccserver-test\n"));
        assertFalse(text.contains("[avg:"));
    }

    @Test
    public void levelThreeAddsTheMovingAverages() {
        String text = render(3);
        int latestAt = text.indexOf("[latest]");
        int avg60 = text.indexOf("[avg:60]\ncount: 12 1.000 0.200\n\n");
        int avg300 = text.indexOf("[avg:300]\ncount: 12 0.200 0.040\n\n");
        int avg900 = text.indexOf("[avg:900]\ncount: 12 0.067 0.013\n\n");
        assertTrue(text, latestAt > 0 && avg60 > latestAt && avg300 > avg60 && avg900 > avg300);
        assertTrue(text.endsWith("count: 12 0.067 0.013\n\n"));
    }

    @Test
    public void emptyCountersStillWriteTheSections() {
        String text = info.render(2, 30, Map.of(), Map.of(), new MovingAverages(), NOW);
        assertTrue(text, text.endsWith("\n\n[total]\n\n[latest]\n\n"));
    }

    @Test
    public void writeAtomicallyReplacesTheFileAndLeavesNoNewFile() throws Exception {
        Path dir = tmp.newFolder("run").toPath();
        Path file = dir.resolve("sub").resolve("ccserver.info");

        InfoFile.writeAtomically(file, "first\n");
        assertEquals("first\n", Files.readString(file, StandardCharsets.UTF_8));
        InfoFile.writeAtomically(file, render(2));

        assertEquals(render(2).replaceAll("time-consumed: .*", ""),
                Files.readString(file, StandardCharsets.UTF_8).replaceAll("time-consumed: .*", ""));
        assertFalse(Files.exists(file.resolveSibling("ccserver.info.new")));
        try (var listing = Files.list(file.getParent())) {
            assertEquals(List.of(file), listing.toList());
        }
    }

    @Test
    public void stampIsEpochWithMillisAndLocalTime() {
        assertTrue(InfoFile.stamp(STARTED), InfoFile.stamp(STARTED).startsWith("1700000000.250 ("));
        assertTrue(InfoFile.stamp(STARTED).endsWith(")"));
    }
}
