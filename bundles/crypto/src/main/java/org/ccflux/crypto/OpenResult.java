package org.ccflux.crypto;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * What {@link MessageOpener#open} decided: {@link Accepted} with the trusted JSON body, or {@link Rejected}
 * with a {@link Reason}. Typical use:
 *
 * <pre>
 * OpenResult r = opener.open(message);
 * if (r instanceof OpenResult.Accepted) {
 *     ObjectNode body = ((OpenResult.Accepted) r).json();
 * } else {
 *     stats.increment("count.rejected." + ((OpenResult.Rejected) r).reason().id());
 * }
 * </pre>
 *
 * @since 1.0
 */
public sealed interface OpenResult permits OpenResult.Accepted, OpenResult.Rejected {

    /** @return true for {@link Accepted} */
    boolean isAccepted();

    /**
     * The message passed every configured check.
     *
     * @param json the body as a JSON object; the caller owns it (a fresh tree per call)
     * @param body the JSON text the signature covered: the body frame, or the decrypted content of an
     *        {@code ENC1} message; do not modify
     * @param signer the verified signer, or {@code null} when no {@code cms-verify-ca} is configured
     */
    record Accepted(ObjectNode json, byte[] body, Signer signer) implements OpenResult {
        public Accepted {
            Objects.requireNonNull(json, "json");
            Objects.requireNonNull(body, "body");
        }

        @Override
        public boolean isAccepted() {
            return true;
        }

        @Override
        public String toString() {
            return "Accepted[" + json.path("req").asText() + (signer == null ? "" : ", signer " + signer) + "]";
        }
    }

    /**
     * The message failed a check.
     *
     * @param reason which check
     * @param detail a short human explanation for the log; never contains the message body
     */
    record Rejected(Reason reason, String detail) implements OpenResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public boolean isAccepted() {
            return false;
        }

        @Override
        public String toString() {
            return "Rejected[" + reason.id() + ": " + detail + "]";
        }
    }
}
