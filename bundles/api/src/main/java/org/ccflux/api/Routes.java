package org.ccflux.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Declares the default type prefixes of a {@link MessageHandler} component as the {@value
 * MessageHandler#ROUTES} service property: {@code @Routes({"pub.infofile", "echo"})}. The {@code routes}
 * property of the component's configuration overrides it.
 *
 * @since 1.0
 */
@ComponentPropertyType
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Routes {
    /** @return type prefixes, or {@code "*"} for every message */
    String[] value();
}
