package org.ccflux.handler.tailwriter.internal;

import java.nio.file.Path;
import org.junit.Before;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;

/** What the tailwriter's behaviour tests share: a temp folder, the {@link Fixture} and an empty {@code dstdir}. */
abstract class TailWriterTest {
    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();
    @Rule
    public final Fixture fx = new Fixture();

    /** An empty directory for the instance to write under. */
    protected Path dst;

    @Before
    public void createDstdir() throws Exception {
        dst = tmp.newFolder("dst").toPath();
    }
}
