package org.ccflux.core.internal.stats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders and writes CC's info file (levels 1–3, see the protocol reference §4.5), atomically:
 * {@code <file>.new} then rename, so readers never see half a file.
 */
public final class InfoFile {
    static final String VERSION = "0.8.7-ccflux-0.1.0";
    private static final DateTimeFormatter HUMAN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT).withZone(ZoneId.systemDefault());

    private final String jobName;
    private final Instant started;

    public InfoFile(String jobName, Instant started) {
        this.jobName = jobName;
        this.started = started;
    }

    public String render(int level, int periodSeconds, Map<String, Long> totals, Map<String, Long> latest,
            MovingAverages averages, Instant now) {
        StringBuilder out = new StringBuilder();
        if (level >= 1) {
            line(out, "name", jobName);
            line(out, "version", VERSION);
            line(out, "service", "ccserver");
            line(out, "pid", Long.toString(ProcessHandle.current().pid()));
            line(out, "started", stamp(started));
            line(out, "status", "");
            line(out, "time-consumed", CpuTimes.read());
            line(out, "info-period", Integer.toString(periodSeconds));
            line(out, "info-written", stamp(now));
            line(out, "platform", System.getProperty("os.name") + "-" + System.getProperty("os.version") + "-"
                    + System.getProperty("os.arch"));
            line(out, "java", System.getProperty("java.vm.name") + " " + Runtime.version());
            line(out, "jeromq", org.zeromq.ZMQ.getVersionString());
            out.append('\n');
        }
        if (level >= 2) {
            section(out, "total", totals);
            section(out, "latest", latest);
        }
        if (level >= 3) {
            averages.render(out);
        }
        return out.toString();
    }

    public static void writeAtomically(Path file, String text) throws IOException {
        Path parent = file.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".new");
        Files.write(tmp, text.getBytes(StandardCharsets.UTF_8));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void section(StringBuilder out, String name, Map<String, Long> values) {
        out.append('[').append(name).append("]\n");
        values.forEach((k, v) -> line(out, k, Counters.format(k, v)));
        out.append('\n');
    }

    private static void line(StringBuilder out, String key, String value) {
        out.append(key).append(": ").append(value).append('\n');
    }

    static String stamp(Instant t) {
        return String.format(Locale.ROOT, "%.3f (%s)", t.toEpochMilli() / 1000.0, HUMAN.format(t));
    }

    /** CPU seconds as CC prints them: user, system, children user, children system. */
    static final class CpuTimes {
        private CpuTimes() {
        }

        static String read() {
            try {
                // /proc/self/stat fields 14-17 are utime, stime, cutime, cstime in clock ticks (100 Hz on Linux).
                String stat = Files.readString(Path.of("/proc/self/stat"));
                List<String> f = List.of(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
                return String.format(Locale.ROOT, "%.2f %.2f %.2f %.2f", ticks(f.get(11)), ticks(f.get(12)),
                        ticks(f.get(13)), ticks(f.get(14)));
            } catch (IOException | RuntimeException e) {
                // Not Linux: the JVM knows only the total.
                double cpu = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
                return String.format(Locale.ROOT, "%.2f 0.00 0.00 0.00", cpu);
            }
        }

        private static double ticks(String v) {
            return Long.parseLong(v) / 100.0;
        }
    }
}
