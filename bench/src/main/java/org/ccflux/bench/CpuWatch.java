package org.ccflux.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * How much CPU processes other than the benchmark's own (runner and server JVMs) used over an interval:
 * the machine may be shared, and a competing build can move the figures more than any code change.
 */
final class CpuWatch {
    /** USER_HZ: /proc reports CPU time in these ticks; 100 on every mainstream Linux build. */
    private static final double TICKS_PER_SECOND = 100;

    private final List<Long> pids;
    private final long startNanos = System.nanoTime();
    private final long startBusy;
    private final long startOwn;

    CpuWatch(List<Long> serverPids) {
        this.pids = new ArrayList<>(serverPids);
        this.pids.add(ProcessHandle.current().pid());
        this.startBusy = MachineInfo.busyJiffies();
        this.startOwn = own();
    }

    /** @return CPUs' worth of time used by other processes since construction, NaN if /proc is not readable */
    double otherCpus() {
        long busy = MachineInfo.busyJiffies();
        if (busy < 0 || startBusy < 0) {
            return Double.NaN;
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long other = (busy - startBusy) - (own() - startOwn);
        return Math.max(0, other / TICKS_PER_SECOND / seconds);
    }

    private long own() {
        return pids.stream().mapToLong(MachineInfo::processJiffies).sum();
    }
}
