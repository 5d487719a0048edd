package org.ccflux.client.loop;

import org.ccflux.crypto.CurveKeys;
import org.ccflux.crypto.CurveOptions;
import org.zeromq.ZMQ;

/** Applies {@link CurveOptions} to a socket: CURVE server, CURVE client, or nothing. */
public final class CurveSetup {
    private CurveSetup() {
    }

    /**
     * Call before {@code bind} or {@code connect}. With a server key the socket is a CURVE client (its own pair,
     * or a fresh one); with only an own key it is a CURVE server; with neither it stays plain.
     */
    public static void apply(ZMQ.Socket socket, CurveOptions curve) {
        if (curve.server().isPresent()) {
            CurveKeys own = curve.own().orElseGet(CurveKeys::generate);
            socket.setCurveServerKey(curve.server().get().publicKey());
            socket.setCurvePublicKey(own.publicKey());
            socket.setCurveSecretKey(own.secretKey().orElseThrow());
        } else if (curve.own().isPresent()) {
            socket.setCurveServer(true);
            socket.setCurveSecretKey(curve.own().get().secretKey().orElseThrow());
        }
    }
}
