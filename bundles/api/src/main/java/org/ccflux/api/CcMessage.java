package org.ccflux.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One CC message: the raw multipart frames as they travel on the wire,
 * {@code [route frames…, '', type, body, signature, blob, extra…]}.
 *
 * <p>The frame list is kept as received, so a proxy forwards exactly the bytes it got (signatures
 * survive any number of hops). Parsing rules ({@link #decode}):
 * <ul>
 * <li>the first empty frame is the delimiter; everything before it is the route;</li>
 * <li>the frame after it is the type and must satisfy {@link MessageType#isValid};</li>
 * <li>body, signature and blob are optional frames; a missing signature reads as empty, a missing blob
 * as {@link Optional#empty()}; a present-but-empty blob is not the same as a missing one;</li>
 * <li>frames after the blob are kept and forwarded but not interpreted.</li>
 * </ul>
 *
 * <p>Instances are immutable and safe to share between threads. The byte arrays handed out are the
 * message's own: callers must not modify them. The JSON body is parsed lazily, once.
 *
 * @since 1.0
 */
public final class CcMessage {
    private static final byte[] EMPTY = new byte[0];

    private final List<byte[]> frames;
    private final int delimiter;
    private final String type;
    private final int size;
    private volatile JsonNode json;
    /** Subject of the verified signer; null unless the server checked a signature. */
    private String signer;

    private CcMessage(List<byte[]> frames, int delimiter, String type) {
        this.frames = frames;
        this.delimiter = delimiter;
        this.type = type;
        int total = 0;
        for (int i = 0; i < frames.size(); i++) { // indexed: every list here is random-access, and no iterator per message
            total += frames.get(i).length;
        }
        this.size = total;
    }

    /**
     * Parses a frame list received on a ROUTER (or DEALER) socket.
     *
     * @param frames the frames; the list is copied, the arrays are not
     * @throws InvalidMessageException if there is no delimiter or no valid type after it
     */
    public static CcMessage decode(List<byte[]> frames) throws InvalidMessageException {
        int delimiter = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).length == 0) {
                delimiter = i;
                break;
            }
        }
        if (delimiter < 0) {
            throw new InvalidMessageException("no delimiter");
        }
        if (delimiter + 1 >= frames.size()) {
            throw new InvalidMessageException("no type frame");
        }
        byte[] typeFrame = frames.get(delimiter + 1);
        if (typeFrame.length == 0 || typeFrame.length > MessageType.MAX_LENGTH) {
            throw new InvalidMessageException("bad type frame length " + typeFrame.length);
        }
        String type = new String(typeFrame, StandardCharsets.ISO_8859_1);
        if (!MessageType.isValid(type)) {
            throw new InvalidMessageException("bad type");
        }
        return new CcMessage(List.copyOf(frames), delimiter, type);
    }

    /**
     * Builds a message from its parts.
     *
     * @param route route frames (may be empty: the message is then addressed to nobody on a ROUTER)
     * @param type a valid message type
     * @param body the body frame (JSON text, or {@code ENC1})
     * @param signature the signature frame; {@code null} is written as an empty frame, as CC does
     * @param blob the blob frame, or {@code null} for none
     * @throws IllegalArgumentException if the type is invalid or a route frame is empty
     */
    public static CcMessage of(List<byte[]> route, String type, byte[] body, byte[] signature, byte[] blob) {
        if (!MessageType.isValid(type)) {
            throw new IllegalArgumentException("invalid message type '" + type + "'");
        }
        List<byte[]> frames = new ArrayList<>(route.size() + 5);
        for (byte[] r : route) {
            if (r.length == 0) {
                throw new IllegalArgumentException("route frames must not be empty");
            }
            frames.add(r);
        }
        frames.add(EMPTY);
        frames.add(type.getBytes(StandardCharsets.US_ASCII));
        frames.add(body);
        frames.add(signature == null ? EMPTY : signature);
        if (blob != null) {
            frames.add(blob);
        }
        return new CcMessage(Collections.unmodifiableList(frames), route.size(), type);
    }

    /** @return all frames, unmodifiable, exactly as they will be sent */
    public List<byte[]> frames() {
        return frames;
    }

    /** @return the route frames (before the delimiter), unmodifiable; frame 0 is the nearest peer */
    public List<byte[]> route() {
        return frames.subList(0, delimiter);
    }

    /** @return the frames from the delimiter on (what a DEALER client writes), unmodifiable */
    public List<byte[]> payloadFrames() {
        return frames.subList(delimiter, frames.size());
    }

    /** @return the message type (destination), e.g. {@code log.info} */
    public String type() {
        return type;
    }

    /** @return the body frame, empty if missing */
    public byte[] body() {
        return frame(delimiter + 2);
    }

    /** @return the body as text (UTF-8) */
    public String bodyText() {
        return new String(body(), StandardCharsets.UTF_8);
    }

    /** @return the signature frame, empty if missing or unsigned */
    public byte[] signature() {
        return frame(delimiter + 3);
    }

    /** @return true if the message has a signature frame (even an empty one) */
    public boolean hasSignatureFrame() {
        return frames.size() > delimiter + 3;
    }

    /** @return the blob frame; empty if the message has none (an empty blob frame is present) */
    public Optional<byte[]> blob() {
        return frames.size() > delimiter + 4 ? Optional.of(frames.get(delimiter + 4)) : Optional.empty();
    }

    /** @return the sum of the lengths of all frames, as CC's statistics count it */
    public int size() {
        return size;
    }

    /**
     * The body parsed as JSON, cached after the first call. Any JSON is accepted (arrays of scalars
     * too, unlike the original).
     *
     * @throws InvalidMessageException if the body is not JSON
     */
    public JsonNode json() throws InvalidMessageException {
        JsonNode result = json;
        if (result == null) {
            try {
                result = CcJson.MAPPER.readTree(body());
            } catch (IOException e) {
                throw new InvalidMessageException("body is not JSON");
            }
            if (result == null || result.isMissingNode()) {
                throw new InvalidMessageException("body is empty");
            }
            json = result;
        }
        return result;
    }

    /**
     * @return a copy of this message with the route replaced and every other frame byte-identical
     *         (what a router of replies, such as CC's taskrouter, does)
     */
    public CcMessage withRoute(List<byte[]> route) {
        if (route.stream().anyMatch(r -> r.length == 0)) {
            throw new IllegalArgumentException("route frames must not be empty");
        }
        List<byte[]> rest = payloadFrames();
        List<byte[]> copy = new ArrayList<>(route.size() + rest.size());
        copy.addAll(route);
        copy.addAll(rest);
        CcMessage m = new CcMessage(Collections.unmodifiableList(copy), route.size(), type);
        m.json = json;
        m.signer = signer;
        return m;
    }

    /**
     * The message as the server's security stages accepted it: the same frames (a proxy still forwards the
     * signature or envelope unchanged), but {@link #json()} returns {@code verifiedJson} (for an encrypted
     * message, the decrypted body) and {@link #signer()} the verified signer.
     *
     * @since 1.1
     */
    public CcMessage withVerifiedBody(JsonNode verifiedJson, String signerSubject) {
        CcMessage m = new CcMessage(frames, delimiter, type);
        m.json = verifiedJson;
        m.signer = signerSubject;
        return m;
    }

    /**
     * @return the subject of the certificate whose signature the server verified, e.g.
     *         {@code CN=host1,O=Example}; empty when the server does not verify signatures
     * @since 1.1
     */
    public Optional<String> signer() {
        return Optional.ofNullable(signer);
    }

    private byte[] frame(int index) {
        return index < frames.size() ? frames.get(index) : EMPTY;
    }

    @Override
    public String toString() {
        return "CcMessage[" + type + ", " + frames.size() + " frames, " + size + " bytes]";
    }

    /** @return true if both messages have byte-identical frames */
    public boolean sameFrames(CcMessage other) {
        if (other.frames.size() != frames.size()) {
            return false;
        }
        for (int i = 0; i < frames.size(); i++) {
            if (!Arrays.equals(frames.get(i), other.frames.get(i))) {
                return false;
            }
        }
        return true;
    }
}
