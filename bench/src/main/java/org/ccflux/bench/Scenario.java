package org.ccflux.bench;

/**
 * The measured set-ups. Every request goes to the server the generator is connected to ("A"); what sits
 * behind it differs.
 *
 * @param expectedReplies replies that answer one request (2 for the fan-out: one per proxy)
 * @param target          minimum throughput as a fraction of the bare baseline; 0 for the baseline itself
 */
enum Scenario {
    BARE("0", "bare JeroMQ ROUTER echo (baseline)", false, 1, 0),
    LOOP("l", "bare echo work on ccflux's socket loop (reference: no pipeline)", false, 1, 0),
    RELAY("r", "bare JeroMQ relay hop (reference: ZMQ.proxy → bare echo)", false, 1, 0),
    ECHO("a", "ccflux echo, one server", false, 1, 0.75),
    PROXY("b", "ccflux, one proxy hop (A proxy → B echo)", true, 1, 0.50),
    FANOUT("c", "ccflux, fan-out to two proxies (A → B echo + C echo)", true, 2, 0.35),
    SIGNED("s", "ccflux echo, signed: requests verified, replies signed", false, 1, 0),
    ENCRYPTED("e", "ccflux echo, encrypted: requests decrypted and verified, replies signed and encrypted", false, 1, 0);

    final String id;
    final String title;
    final boolean needsProxy;
    final int expectedReplies;
    final double target;

    Scenario(String id, String title, boolean needsProxy, int expectedReplies, double target) {
        this.id = id;
        this.title = title;
        this.needsProxy = needsProxy;
        this.expectedReplies = expectedReplies;
        this.target = target;
    }

    /** @return true for the bench's own servers (no ccflux pipeline): they have no targets, they explain the others */
    boolean reference() {
        return this == BARE || this == LOOP || this == RELAY;
    }

    /** @return the reference that does the same ZeroMQ work without ccflux's pipeline, or null */
    Scenario sameZeroMqWork() {
        return switch (this) {
            case ECHO -> LOOP;
            case PROXY -> RELAY;
            default -> null;
        };
    }

    /** @return true if the server runs with cms-* options and the requests are sealed */
    boolean secured() {
        return this == SIGNED || this == ENCRYPTED;
    }

    static Scenario byId(String id) {
        for (Scenario s : values()) {
            if (s.id.equalsIgnoreCase(id.strip())) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario " + id + " (use 0, l, r, a, b, c, s, e)");
    }
}
