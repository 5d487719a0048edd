package org.ccflux.core.internal.stats;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;
import org.junit.Test;

/** CC's level-3 moving averages (reference §4.5): sums over 12, 60 and 180 five-second buckets. */
public class MovingAveragesTest {

    private static String render(MovingAverages a) {
        StringBuilder out = new StringBuilder();
        a.render(out);
        return out.toString();
    }

    @Test
    public void noBucketsYetGivesEmptySections() {
        assertEquals("[avg:60]\n\n[avg:300]\n\n[avg:900]\n\n", render(new MovingAverages()));
    }

    @Test
    public void eachLineIsSumPerBucketAndPerSecond() {
        MovingAverages a = new MovingAverages();
        a.push(Map.of("count", 12L, "bytes", 600L));
        assertEquals("[avg:60]\n"
                + "bytes: 600 50.000 10.000\n"
                + "count: 12 1.000 0.200\n"
                + "\n"
                + "[avg:300]\n"
                + "bytes: 600 10.000 2.000\n"
                + "count: 12 0.200 0.040\n"
                + "\n"
                + "[avg:900]\n"
                + "bytes: 600 3.333 0.667\n"
                + "count: 12 0.067 0.013\n"
                + "\n", render(a));
    }

    @Test
    public void secondsAreSummedAsNanosecondsAndShownAsSeconds() {
        MovingAverages a = new MovingAverages();
        a.push(Map.of("seconds", 6_000_000_000L));
        String text = render(a);
        assertTrue(text, text.contains("[avg:60]\nseconds: 6.000000 0.500 0.100\n"));
    }

    @Test
    public void windowsCoverOnlyTheNewestBuckets() {
        MovingAverages a = new MovingAverages();
        for (int i = 0; i < 300; i++) {
            a.push(Map.of("count", 1L));
        }
        for (int i = 0; i < 12; i++) {
            a.push(Map.of("count", 2L)); // the newest minute
        }
        String text = render(a);
        assertTrue(text, text.contains("[avg:60]\ncount: 24 2.000 0.400\n"));
        assertTrue(text, text.contains("[avg:300]\ncount: 72 1.200 0.240\n"));
        assertTrue(text, text.contains("[avg:900]\ncount: 192 1.067 0.213\n"));
    }

    @Test
    public void keysMissingFromSomeBucketsAreSummedWhereTheyAppear() {
        MovingAverages a = new MovingAverages();
        a.push(Map.of("count", 1L));
        a.push(Map.of("count", 1L, "count.invalid", 3L));
        a.push(Map.of());
        String text = render(a);
        assertTrue(text, text.contains("[avg:60]\ncount: 2 0.167 0.033\ncount.invalid: 3 0.250 0.050\n\n"));
    }
}
