/**
 * A single-thread ZeroMQ event loop: one thread owns a set of sockets, reads each only while its
 * reader has demand, runs timers and tasks handed to it from other threads, and is woken through a
 * pipe. The ccflux server's ROUTER, its proxy connections and {@link org.ccflux.client.CcClient} all
 * run on it: work that stays on the loop thread needs no thread hop.
 */
@Export
@Version("1.3.0")
package org.ccflux.client.loop;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
