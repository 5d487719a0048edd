package org.ccflux.handler.proxy.internal;

/** What the pings say about the remote CC server. */
enum RemoteState {
    /** A pong within the last {@link #LATE_AFTER_SECONDS}. */
    UP("up"),
    /** Silent for {@link #LATE_AFTER_SECONDS} (CC's warning threshold), not yet {@link #DOWN_AFTER_SECONDS}. */
    LATE("late"),
    /** Silent for {@link #DOWN_AFTER_SECONDS} or more. */
    DOWN("down");

    static final long LATE_AFTER_SECONDS = 5;
    static final long DOWN_AFTER_SECONDS = 15;

    final String label;

    RemoteState(String label) {
        this.label = label;
    }

    /** @return the state after {@code silenceSeconds} without a pong */
    static RemoteState ofSilence(double silenceSeconds) {
        if (silenceSeconds >= DOWN_AFTER_SECONDS) {
            return DOWN;
        }
        return silenceSeconds >= LATE_AFTER_SECONDS ? LATE : UP;
    }
}
