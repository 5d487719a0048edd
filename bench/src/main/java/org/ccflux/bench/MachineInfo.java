package org.ccflux.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** What the figures were measured on: they mean little without it. */
final class MachineInfo {
    private MachineInfo() {
    }

    static String cpuModel() {
        return firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown (no model name in /proc/cpuinfo)");
    }

    static String memory() {
        return firstValue(Path.of("/proc/meminfo"), "MemTotal")
                .map(v -> String.format("%.1f GiB", Long.parseLong(v.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0))
                .orElse("unknown");
    }

    static String kernel() {
        return read(Path.of("/proc/sys/kernel/osrelease")).strip();
    }

    /** @return the 1, 5 and 15 minute load averages: other work on the machine skews every figure */
    static String loadAverage() {
        String[] f = read(Path.of("/proc/loadavg")).strip().split("\\s+");
        return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : "unknown";
    }

    /** @return {@code java -version} of the java the servers run (bin/ccflux: $JAVA_HOME/bin/java, else PATH) */
    static String javaVersion() {
        String home = System.getenv("JAVA_HOME");
        String java = home == null || home.isBlank() ? "java" : Path.of(home, "bin", "java").toString();
        try {
            Process p = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
    }

    /** @return CPU time (jiffies) the whole machine has spent busy since boot, from /proc/stat; -1 if unknown */
    static long busyJiffies() {
        String[] f = read(Path.of("/proc/stat")).split("\n")[0].strip().split("\\s+");
        if (f.length < 8 || !f[0].equals("cpu")) {
            return -1;
        }
        long busy = 0;
        for (int i : new int[] {1, 2, 3, 6, 7}) { // user nice system irq softirq (guest is inside user already)
            busy += Long.parseLong(f[i]);
        }
        return busy;
    }

    /** @return user + system CPU time (jiffies) of one process, from /proc/PID/stat; 0 if it is gone */
    static long processJiffies(long pid) {
        String stat = read(Path.of("/proc/" + pid + "/stat"));
        int end = stat.lastIndexOf(')'); // the command name may contain spaces
        if (end < 0) {
            return 0;
        }
        String[] f = stat.substring(end + 2).split("\\s+");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14 and 15)
    }

    private static Optional<String> firstValue(Path file, String key) {
        for (String line : List.of(read(file).split("\n"))) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals(key)) {
                return Optional.of(line.substring(colon + 1).strip());
            }
        }
        return Optional.empty();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
