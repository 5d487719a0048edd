package org.ccflux.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Declares the server roles ({@code cc-role}) a {@link MessageHandler} may run in, as the
 * {@value MessageHandler#ROLES} service property, e.g. {@code @CcRoles("remote")} for a handler that
 * writes files on a central server. CC's roles are {@code local} (a host's own server) and
 * {@code remote} (a central server); a server with role {@code insecure} runs everything.
 *
 * @since 1.0
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface CcRoles {
    /** @return the allowed roles */
    String[] value();
}
