package org.ccflux.handler.tailwriter.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;

/** Time that moves only when a test says so: the flush, close and rotated-name rules read it. */
final class ManualClock extends Clock {
    /** 2024-05-06 07:08:09 UTC, so a rotated file opened at the start is named {@code <file>.2024-05-06_07-08-09}. */
    static final Instant START = Instant.parse("2024-05-06T07:08:09Z");

    private final AtomicLong millis = new AtomicLong(START.toEpochMilli());
    private final ZoneId zone;

    ManualClock(ZoneId zone) {
        this.zone = zone;
    }

    void advance(Duration d) {
        millis.addAndGet(d.toMillis());
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId z) {
        ManualClock c = new ManualClock(z);
        c.millis.set(millis.get());
        return c;
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }
}
