package org.ccflux.bench;

/**
 * Requests sent and not yet fully answered, by sequence number, in a ring indexed by {@code seq & mask}.
 *
 * <p>A request is answered when {@code expectedReplies} replies carrying its sequence number have arrived
 * (2 in the fan-out scenario: one per proxy). Its latency is the time to the last of them. A request
 * still open when the ring wraps around to its slot (a million sends later) is counted lost then, so a
 * lost message never blocks a slot; those left open after the drain period are counted lost by the caller.
 */
final class InFlight {
    private static final int CAPACITY = 1 << 20;
    private static final int MASK = CAPACITY - 1;

    private final int expectedReplies;
    private final long[] sentAt = new long[CAPACITY];
    /** 0: free; n > 0: open with n - 1 replies so far. */
    private final byte[] state = new byte[CAPACITY];
    private long highestSeq;
    private int open;
    private long evictedOpen;
    private long unexpectedReplies;

    InFlight(int expectedReplies) {
        if (expectedReplies < 1 || expectedReplies > 100) {
            throw new IllegalArgumentException("expectedReplies must be 1..100: " + expectedReplies);
        }
        this.expectedReplies = expectedReplies;
    }

    /** Records request {@code seq} (strictly increasing, from 1) as sent at {@code nanos}. */
    void sent(long seq, long nanos) {
        int slot = (int) (seq & MASK);
        if (state[slot] != 0) {
            evictedOpen++;
            open--;
        }
        sentAt[slot] = nanos;
        state[slot] = 1;
        highestSeq = seq;
        open++;
    }

    /**
     * Records one reply to {@code seq} arriving at {@code nanos}.
     *
     * @return the request's latency in nanoseconds if this reply completes it, -1 otherwise
     */
    long replied(long seq, long nanos) {
        if (seq <= 0 || seq > highestSeq || seq <= highestSeq - CAPACITY) {
            unexpectedReplies++;
            return -1;
        }
        int slot = (int) (seq & MASK);
        if (state[slot] == 0) {
            unexpectedReplies++; // a copy beyond the expected ones, or a reply to an evicted request
            return -1;
        }
        if (state[slot] < expectedReplies) {
            state[slot]++;
            return -1;
        }
        state[slot] = 0;
        open--;
        return nanos - sentAt[slot];
    }

    /** @return requests sent and not fully answered (the current window) */
    int open() {
        return open;
    }

    /** @return requests given up as lost because their slot was reused */
    long evicted() {
        return evictedOpen;
    }

    /** @return replies that matched no open request: duplicates, or to unknown sequence numbers */
    long unexpectedReplies() {
        return unexpectedReplies;
    }
}
