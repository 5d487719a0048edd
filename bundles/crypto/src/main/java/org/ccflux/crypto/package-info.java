/**
 * CC's message security: {@link org.ccflux.crypto.CryptoOptions} (the {@code cms-*} options),
 * {@link org.ccflux.crypto.Keystore}, {@link org.ccflux.crypto.MessageSealer} for outgoing messages and
 * {@link org.ccflux.crypto.MessageOpener} for incoming ones, whose {@link org.ccflux.crypto.OpenResult} is
 * either the trusted body or a {@link org.ccflux.crypto.Reason}; {@link org.ccflux.crypto.CurveOptions} and
 * {@link org.ccflux.crypto.CurveKeys} for CurveZMQ transport encryption. No BouncyCastle types appear in this API.
 */
@Export
@Version("1.2.0")
package org.ccflux.crypto;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
