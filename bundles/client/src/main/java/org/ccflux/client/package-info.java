/**
 * A plain-Java CC client: a DEALER connected to a CC server, sending CC messages with the standard
 * header and awaiting replies by request id. Works inside OSGi and as a plain jar.
 */
@Export
@Version("1.0.0")
package org.ccflux.client;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
