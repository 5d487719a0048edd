package org.ccflux.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Declares where a {@link MessageHandler} runs, as the {@value MessageHandler#EXECUTION} service
 * property: {@code @HandlerExecution(HandlerExecution.INLINE)} for non-blocking handlers.
 *
 * @since 1.0
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface HandlerExecution {
    /** On the socket thread: must never block. */
    String INLINE = "inline";
    /** On a pool owned for this handler, behind a bounded queue. May block. */
    String WORKER = "worker";

    /** @return {@link #INLINE} or {@link #WORKER} */
    String value();
}
