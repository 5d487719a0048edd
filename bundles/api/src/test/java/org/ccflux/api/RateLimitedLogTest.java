package org.ccflux.api;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;
import org.slf4j.Logger;

/** One line per interval, and the next line says how many were held back; on a hand-driven clock. */
public class RateLimitedLogTest {
    private final List<String> lines = new ArrayList<>();
    private long nanos;

    private final Logger logger = (Logger) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Logger.class},
            (proxy, method, args) -> {
                if (method.getName().equals("warn")) {
                    lines.add(args[0] + " " + Arrays.deepToString(Arrays.copyOfRange(args, 1, args.length)));
                }
                return null;
            });

    @Test
    public void floodsBecomeOneLinePerIntervalWithACountOfTheRest() {
        RateLimitedLog log = new RateLimitedLog(logger, 1000, () -> nanos);
        log.warn("bad {}", "a");
        log.warn("bad {}", "b");
        log.warn("bad {}", "c");
        assertEquals(1, lines.size());

        nanos += 999_000_000L;
        log.warn("bad {}", "d");
        assertEquals("still inside the interval", 1, lines.size());

        nanos += 1_000_000L;
        log.warn("bad {}", "e");
        assertEquals(List.of("bad {} [[a]]", "bad {} (and {} similar since the last report) [[e, 3]]"), lines);

        nanos += 5_000_000_000L;
        log.warn("bad {}", "f");
        assertEquals("nothing held back: no count", "bad {} [[f]]", lines.get(2));
    }
}
