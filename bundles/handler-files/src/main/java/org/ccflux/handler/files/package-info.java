/**
 * What the handlers that write files under a {@code dstdir} share (CC's infowriter, reference §6.10, and
 * tailwriter, §6.11): their common options ({@link org.ccflux.handler.files.FileOptions}), the checked fields and
 * content of a file-carrying message ({@link org.ccflux.handler.files.FileMessage},
 * {@link org.ccflux.handler.files.Content}), CC's compression methods ({@link org.ccflux.handler.files.Codec},
 * {@link org.ccflux.handler.files.WriteMode}), the {@code dstmask} template ({@link org.ccflux.handler.files.DstMask}),
 * containment in {@code dstdir} ({@link org.ccflux.handler.files.PathGuard}), per-destination ordered lanes with
 * bounded queues ({@link org.ccflux.handler.files.Lanes}), and how a message is refused and counted
 * ({@link org.ccflux.handler.files.Rejected}, {@link org.ccflux.handler.files.SizeLimit},
 * {@link org.ccflux.handler.files.FileCounters}).
 *
 * <p>A library, not a service: it registers nothing and starts no thread until a handler creates
 * {@link org.ccflux.handler.files.Lanes}. Built against {@code org.ccflux.api}, Jackson and SLF4J only. What differs
 * between the handlers (replacing a file atomically, appending to one, the message's own fields) stays in them.
 */
@Export
@Version("1.0.0")
package org.ccflux.handler.files;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
