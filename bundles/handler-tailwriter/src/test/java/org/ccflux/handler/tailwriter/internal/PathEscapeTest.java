package org.ccflux.handler.tailwriter.internal;

import org.ccflux.handler.files.testing.ContainmentContract;

/**
 * Every way out of {@code dstdir} is refused and counted, nothing is created outside, and legitimate paths still
 * work: the contract every file-writing handler keeps ({@link ContainmentContract}), run on the tailwriter.
 */
public class PathEscapeTest extends ContainmentContract<TailWriterHandler> {
    public PathEscapeTest() {
        super(new Fixture());
    }
}
