/**
 * The ccflux API: the CC message model ({@link org.ccflux.api.CcMessage}), the handler SPI
 * ({@link org.ccflux.api.MessageHandler}) and the services a handler calls
 * ({@link org.ccflux.api.CcSender}, {@link org.ccflux.api.CcStats}).
 *
 * <p>Handler bundles depend on this package only. It carries no Reactor types, so a plugin built
 * against 1.x keeps working across Reactor upgrades of the core.
 */
@Export
@Version("1.3.0")
package org.ccflux.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
