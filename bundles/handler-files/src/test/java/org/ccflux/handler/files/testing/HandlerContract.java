package org.ccflux.handler.files.testing;

import org.ccflux.api.MessageHandler;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;

/**
 * What the contract tests of this package share: a temporary folder and the handler's {@link HandlerFixture}, which
 * tells them how to drive the handler. A handler's test passes its fixture in its constructor.
 *
 * @param <H> the handler
 */
public abstract class HandlerContract<H extends MessageHandler> {
    @Rule
    public final TemporaryFolder tmp = new TemporaryFolder();
    @Rule
    public final HandlerFixture<H> fx;

    protected HandlerContract(HandlerFixture<H> fixture) {
        this.fx = fixture;
    }
}
