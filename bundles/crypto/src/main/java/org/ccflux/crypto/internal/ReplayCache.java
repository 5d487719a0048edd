package org.ccflux.crypto.internal;

import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Signatures accepted recently, so that a second copy of a signed message is refused (on CC's to-do list: "server
 * remembers ids for 5 minutes"). An entry lives until its message's {@code time} + window, after which the
 * time window itself refuses a copy. The key is the digest of the signer's signature value: the same for
 * every copy of a message, whatever envelope or hop it came through, and unforgeable without the key.
 *
 * <p>Bounded: beyond {@code capacity} entries the oldest are forgotten (counted in {@link #evictions()}),
 * which reopens a replay window for them rather than refusing legitimate traffic. Lock-free apart from
 * {@link ConcurrentHashMap}'s per-bin insert lock; thread-safe.
 */
public final class ReplayCache {
    private final int capacity;
    private final ConcurrentMap<Key, Long> expiries = new ConcurrentHashMap<>();
    /** Insertion order; roughly expiry order, since expiry = time + window and times arrive roughly in order. */
    private final Queue<Entry> order = new ConcurrentLinkedQueue<>();
    private final AtomicLong size = new AtomicLong();
    private final LongAdder evictions = new LongAdder();

    public ReplayCache(int capacity) {
        this.capacity = capacity;
    }

    /** @return the cache key of a signature value */
    public static Key key(byte[] signatureValue) {
        ByteBuffer d = ByteBuffer.wrap(Bc.digest("SHA-256", signatureValue));
        return new Key(d.getLong(), d.getLong(), d.getLong(), d.getLong());
    }

    /** @return true if {@code key} was recorded and has not expired at {@code now} */
    public boolean seen(Key key, long now) {
        Long expiry = expiries.get(key);
        return expiry != null && expiry >= now;
    }

    /**
     * Records {@code key} until {@code expiry} (epoch millis).
     *
     * @return false if it was already recorded and not expired: the message is a replay
     */
    public boolean record(Key key, long expiry, long now) {
        Long previous = expiries.putIfAbsent(key, expiry);
        if (previous != null) {
            if (previous >= now || !expiries.replace(key, previous, expiry)) {
                return false;
            }
        } else {
            size.incrementAndGet();
        }
        order.add(new Entry(key, expiry));
        sweep(now);
        return true;
    }

    private void sweep(long now) {
        Entry head;
        while ((head = order.peek()) != null && (head.expiry < now || size.get() > capacity)) {
            if (!order.remove(head)) {
                continue; // another thread took it
            }
            boolean expired = head.expiry < now;
            if (expiries.remove(head.key, head.expiry)) {
                size.decrementAndGet();
                if (!expired) {
                    evictions.increment();
                }
            }
        }
    }

    /** @return entries currently remembered */
    public long size() {
        return size.get();
    }

    /** @return entries forgotten before they expired because the cache was full */
    public long evictions() {
        return evictions.sum();
    }

    /** 256 bits of SHA-256: four longs, cheaper to hash and compare than a byte[] wrapper. */
    public static final class Key {
        private final long a;
        private final long b;
        private final long c;
        private final long d;

        Key(long a, long b, long c, long d) {
            this.a = a;
            this.b = b;
            this.c = c;
            this.d = d;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key)) {
                return false;
            }
            Key k = (Key) o;
            return a == k.a && b == k.b && c == k.c && d == k.d;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(a);
        }
    }

    private static final class Entry {
        final Key key;
        final long expiry;

        Entry(Key key, long expiry) {
            this.key = key;
            this.expiry = expiry;
        }
    }
}
