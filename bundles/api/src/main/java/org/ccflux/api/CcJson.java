package org.ccflux.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * JSON helpers for CC message bodies: the shared mapper and the standard header every CC message
 * carries ({@code req}, {@code time}, {@code hostname}, {@code blob_hash}).
 *
 * @since 1.0
 */
public final class CcJson {
    /**
     * The shared mapper; thread-safe, do not reconfigure. Floats are read as {@link BigDecimal} and written
     * in plain notation, so a time stamp relayed by a handler keeps CC's form ({@code 1795424065.441}).
     */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private static final String HOSTNAME = localHostName();

    private CcJson() {
    }

    /**
     * @param type the message type, stored as {@code req}
     * @return a new body with {@code req}, {@code time} (now, epoch seconds with fraction),
     *         {@code hostname} and an empty {@code blob_hash}
     */
    public static ObjectNode header(String type) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("req", type);
        body.put("time", now());
        body.put("hostname", HOSTNAME);
        body.put("blob_hash", "");
        return body;
    }

    /**
     * @return the current time as CC writes it: epoch seconds with a fraction, in plain notation
     *         ({@code 1795424065.441}, never {@code 1.795424065441E9})
     */
    public static BigDecimal now() {
        return time(System.currentTimeMillis());
    }

    /**
     * @param epochMillis milliseconds since the epoch
     * @return that time as CC writes it: epoch seconds with a fraction ({@code 1795424065.441})
     * @since 1.3
     */
    public static BigDecimal time(long epochMillis) {
        return BigDecimal.valueOf(epochMillis, 3);
    }

    /** @return this host's name, as CC puts it in {@code hostname} */
    public static String hostname() {
        return HOSTNAME;
    }

    /** @return the JSON text of {@code body} as bytes (UTF-8) */
    public static byte[] toBytes(Object body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("body cannot be written as JSON", e);
        }
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost"; // no resolvable name: CC falls back the same way
        }
    }
}
