package org.ccflux.handler.infowriter.internal;

import static org.ccflux.handler.infowriter.internal.Fixture.tree;
import static org.junit.Assert.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.ccflux.handler.files.testing.ReconfigurationContract;

/**
 * Config Admin updates ({@code @Modified}) while messages flow: none lost, order kept, bad ones refused (the
 * contract every file-writing handler keeps, {@link ReconfigurationContract}), with {@code bakext} as the
 * infowriter's own option.
 */
public class LiveReconfigurationTest extends ReconfigurationContract<InfoWriterHandler> {
    public LiveReconfigurationTest() {
        super(new Fixture());
    }

    @Override
    protected String[] ownOptions() {
        return new String[] {"bakext", "--prev"};
    }

    @Override
    protected String[][] ownInvalidOptions() {
        return new String[][] {{"bakext", "x/y"}};
    }

    @Override
    protected void assertOwnOptionsKept(Path dstdir) throws Exception {
        assertEquals("the old bakext still applies", List.of("h/f", "h/f--prev"), tree(dstdir));
    }
}
