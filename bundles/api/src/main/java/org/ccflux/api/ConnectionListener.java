package org.ccflux.api;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Receives what arrives on a {@link CcConnection}, on the server's socket thread. Must not block.
 *
 * @since 1.1
 */
@ConsumerType
@FunctionalInterface
public interface ConnectionListener {
    /** One whole multipart message, as received (route frames first). */
    void onMessage(List<byte[]> frames);
}
