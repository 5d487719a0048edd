package org.ccflux.client.loop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.osgi.annotation.versioning.ProviderType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * One thread, its {@link ZContext}, and every socket created on it.
 *
 * <p>Sockets are created, used and closed on the loop thread only ({@link #call}, {@link #execute}). Each
 * registered socket has a {@link Reader}: the loop reads a socket only while its reader has demand, so a
 * slow consumer makes ZeroMQ's high-water mark push back on the sender instead of growing a queue. Other
 * threads hand work over with {@link #execute} (a task queue meant for control and for draining bounded
 * data queues, not for one task per message) and {@link #wake}.
 *
 * <p>A turn reads what is there; the loop parks only after a turn found nothing. When one ROUTER is the only
 * socket with demand (a server without outbound connections), it parks inside that socket's own {@code recv}
 * and other threads wake it with a message ({@link RouterWaker}): measured here, that is twice as fast as
 * waiting in a selector. Otherwise it parks in a {@link Selector} over each socket's ZeroMQ descriptor and a
 * wake-up pipe, after asking each socket for its events (a send can take a pending input signal off the
 * descriptor). JeroMQ's {@code Poller} is not used: it reports a plain channel readable again whenever any
 * socket signals, so the loop took 1.5 turns per message.
 *
 * <p>Callbacks (readers, tasks, timers) must not block; an exception from one is logged and the loop goes
 * on. {@link #close()} closes every socket and the context (honouring each socket's linger).
 */
@ProviderType
public final class SocketLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SocketLoop.class);
    /** Longest park without a reason to wake (timers and wake-ups end it sooner). */
    static final long IDLE_POLL_MILLIS = 250;
    private static final int READ_BATCH = 256;
    /** How often {@link #call} checks, while waiting, that the loop has not ended. */
    private static final long CLOSED_CHECK_MILLIS = 100;
    private static final Object IN_SELECTOR = new Object();

    /** Receives the frames of one message, on the loop thread; {@link #demand} gates reading. */
    public interface Reader {
        /** @return how many more messages may be delivered now; 0 pauses reading this socket */
        long demand();

        /** One whole multipart message. */
        void onMessage(List<byte[]> frames);

        /**
         * @return a reader that always has demand: for input that is handed on without blocking (replies relayed
         *         or completed on the loop thread), where there is nothing to pace
         * @since 1.2
         */
        static Reader always(Consumer<List<byte[]>> onMessage) {
            return new Reader() {
                @Override
                public long demand() {
                    return Long.MAX_VALUE;
                }

                @Override
                public void onMessage(List<byte[]> frames) {
                    onMessage.accept(frames);
                }
            };
        }
    }

    private final String name;
    private final ZContext context;
    private final Thread thread;
    private final Pipe wakePipe;
    /** Someone asked for a turn since the current one began: the loop does not park. */
    private final AtomicBoolean wakeRequested = new AtomicBoolean();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<Registration> registrations = new ArrayList<>();
    private final List<Runnable> everyTurn = new ArrayList<>();
    private final List<Runnable> afterReading = new ArrayList<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private volatile boolean closing;
    private Selector selector;
    private SelectionKey wakeKey;
    /** Where the loop is parked: null while it runs, {@link #IN_SELECTOR}, or the waker of the ROUTER it waits in. */
    private volatile Object parkedIn;

    /**
     * @param name the thread's name (ccflux threads are named {@code ccflux-…})
     * @param ioThreads ZeroMQ I/O threads of the loop's context
     */
    public SocketLoop(String name, int ioThreads) {
        this.name = name;
        this.context = new ZContext(ioThreads);
        try {
            wakePipe = Pipe.open();
            wakePipe.source().configureBlocking(false);
        } catch (IOException e) {
            context.close();
            throw new IllegalStateException("cannot open the wake-up pipe of " + name, e);
        }
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** @return true on the loop thread */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop thread soon; thread-safe. Ignored once closing. */
    public void execute(Runnable task) {
        if (!closing) {
            tasks.add(task);
            wake();
        }
    }

    /**
     * Runs {@code work} with the loop's context on the loop thread and waits for its result, e.g. to create and
     * bind a socket. Runs directly when called on the loop thread.
     *
     * @throws IllegalStateException with the work's own exception as cause, if the loop is closed, or if it does
     *         not answer in time
     */
    public <T> T call(Function<ZContext, T> work, long timeoutMillis) {
        if (inLoop()) {
            return work.apply(context);
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        execute(() -> {
            try {
                result.complete(work.apply(context));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            while (true) {
                try {
                    return result.get(CLOSED_CHECK_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (!thread.isAlive() && !result.isDone()) {
                        throw new IllegalStateException(name + " is closed");
                    }
                    if (System.nanoTime() - deadline >= 0) {
                        throw new IllegalStateException(name + " did not answer within " + timeoutMillis + " ms", e);
                    }
                }
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause()
                    : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + name, e);
        }
    }

    /** Watches {@code socket} (created on this loop) for input; loop thread only. */
    public void register(ZMQ.Socket socket, Reader reader) {
        requireLoop();
        try {
            SelectionKey key = socket.getFD().register(selector, 0);
            RouterWaker waker = socket.getSocketType() == SocketType.ROUTER ? RouterWaker.attach(context, socket) : null;
            registrations.add(new Registration(socket, reader, key, waker));
        } catch (IOException e) {
            throw new IllegalStateException(name + ": cannot watch a socket", e);
        }
    }

    /** Stops watching and closes {@code socket}; loop thread only. */
    public void close(ZMQ.Socket socket) {
        requireLoop();
        registrations.removeIf(r -> {
            if (r.socket == socket) {
                r.key.cancel();
                if (r.waker != null) {
                    r.waker.close(context);
                }
                return true;
            }
            return false;
        });
        context.destroySocket(socket);
    }

    /**
     * Makes the loop take a turn as soon as the registered {@code socket} can take a message again (it was
     * at its high-water mark), so an every-turn hook can go on writing. One-shot; loop thread only.
     */
    public void awaitRoom(ZMQ.Socket socket) {
        requireLoop();
        for (Registration r : registrations) {
            if (r.socket == socket) {
                r.awaitingRoom = true;
                return;
            }
        }
        throw new IllegalArgumentException("socket is not registered on " + name);
    }

    /** Runs {@code hook} on every turn of the loop, after wake-ups (e.g. to drain a bounded send queue); loop thread only. */
    public void everyTurn(Runnable hook) {
        requireLoop();
        everyTurn.add(hook);
    }

    /** Removes a hook added with {@link #everyTurn}; loop thread only. */
    public void removeEveryTurn(Runnable hook) {
        requireLoop();
        everyTurn.remove(hook);
    }

    /**
     * Runs {@code hook} on every turn after the sockets have been read, before the loop waits (e.g. to send what
     * the messages just read produced, as one burst); loop thread only.
     *
     * @since 1.3
     */
    public void afterReading(Runnable hook) {
        requireLoop();
        afterReading.add(hook);
    }

    /** Removes a hook added with {@link #afterReading}; loop thread only. @since 1.3 */
    public void removeAfterReading(Runnable hook) {
        requireLoop();
        afterReading.remove(hook);
    }

    /**
     * Runs {@code task} on the loop thread every {@code periodMillis}, first after one period; thread-safe.
     *
     * @return cancels the timer (thread-safe)
     */
    public Runnable schedule(long periodMillis, Runnable task) {
        Timer t = new Timer(periodMillis, task, System.nanoTime() + periodMillis * 1_000_000L);
        execute(() -> timers.add(t));
        return () -> t.cancelled = true;
    }

    /** Makes the loop take a turn soon (drain queues, re-check demand); thread-safe and cheap when repeated. */
    public void wake() {
        if (wakeRequested.getAndSet(true) || inLoop()) {
            return; // the loop looks at the request before it parks
        }
        // The loop publishes where it parks before it looks at the request; we do the reverse: one of us sees the other.
        Object parked = parkedIn;
        if (parked instanceof RouterWaker) {
            ((RouterWaker) parked).wake();
        } else if (parked == IN_SELECTOR) {
            try {
                wakePipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            } catch (IOException e) {
                // closed: the loop is ending anyway
            }
        }
    }

    private void run() {
        ByteBuffer drain = ByteBuffer.allocate(64);
        try (Selector s = Selector.open()) {
            selector = s;
            wakeKey = wakePipe.source().register(s, SelectionKey.OP_READ);
            while (!closing) {
                wakeRequested.set(false); // before the work: a request made during it is seen before parking
                runTasks();
                runTimers();
                runAll(everyTurn);
                boolean again = readReady();
                runAll(afterReading);
                if (!again) {
                    park(pollTimeout(), drain);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!closing) {
                LOG.error("{} stopped", name, e);
            }
        } finally {
            runTasks(); // let pending control tasks (closing sockets, completing calls) finish
            for (Registration r : registrations) {
                if (r.waker != null) {
                    r.waker.close(context);
                }
            }
            context.close();
        }
    }

    /**
     * Reads every socket with demand until it has nothing more (at most {@link #READ_BATCH} messages each), and
     * notices sockets that have room again.
     *
     * @return true if the loop should take another turn at once: a socket may hold more, or has room again
     */
    private boolean readReady() {
        boolean again = false;
        for (int i = 0; i < registrations.size(); i++) {
            Registration r = registrations.get(i);
            if (r.awaitingRoom && (r.socket.getEvents() & ZMQ.Poller.POLLOUT) != 0) {
                r.awaitingRoom = false;
                again = true; // the every-turn hooks of the next turn write
            }
            int n = 0;
            while (r.reader.demand() > 0) {
                if (n == READ_BATCH) {
                    again = true; // let the other sockets and the hooks have their turn first
                    break;
                }
                List<byte[]> frames = receive(r.socket, ZMQ.DONTWAIT);
                if (frames == null) {
                    break; // nothing more for now; before sleeping, the loop asks the socket again
                }
                n++;
                deliver(r, frames);
            }
        }
        return again;
    }

    private void deliver(Registration r, List<byte[]> frames) {
        if (r.waker != null && r.waker.isWakeUp(frames)) {
            return;
        }
        try {
            r.reader.onMessage(frames);
        } catch (RuntimeException e) {
            LOG.error("{}: reader failed", name, e);
        }
    }

    /** Waits for input, a wake-up or {@code timeoutMillis}: in the ROUTER's own recv if it is the only reader, else in the selector. */
    private void park(long timeoutMillis, ByteBuffer drain) throws IOException {
        Registration router = timeoutMillis > 0 ? soleRouterReading() : null;
        if (router != null) {
            parkIn(router, timeoutMillis);
        } else {
            awaitEvents(timeoutMillis, drain);
        }
    }

    /** @return the ROUTER if it is the only socket with demand and none waits for room, else null */
    private Registration soleRouterReading() {
        Registration sole = null;
        for (Registration r : registrations) {
            if (r.awaitingRoom) {
                return null;
            }
            if (r.reader.demand() > 0) {
                if (sole != null || r.waker == null) {
                    return null;
                }
                sole = r;
            }
        }
        return sole;
    }

    private void parkIn(Registration router, long timeoutMillis) {
        parkedIn = router.waker;
        try {
            if (wakeRequested.get()) {
                return;
            }
            router.socket.setReceiveTimeOut((int) timeoutMillis);
            List<byte[]> frames = receive(router.socket, 0);
            if (frames != null) {
                deliver(router, frames);
            }
        } finally {
            parkedIn = null;
        }
    }

    /** Blocks until a watched socket signals, a wake-up, or {@code timeoutMillis} (0: just look). */
    private void awaitEvents(long timeoutMillis, ByteBuffer drain) throws IOException {
        boolean ready = false;
        for (Registration r : registrations) {
            // A socket without demand is left alone (its commands wait; a wake-up brings the loop back with demand).
            boolean reading = r.reader.demand() > 0;
            int want = reading || r.awaitingRoom ? SelectionKey.OP_READ : 0;
            if (r.key.interestOps() != want) {
                r.key.interestOps(want);
            }
            if (want != 0) {
                // A send or read since the socket was last asked may have processed the command that announced input or
                // room, and taken its signal from the descriptor: ask the socket itself before sleeping on the descriptor.
                int events = r.socket.getEvents();
                ready |= reading && (events & ZMQ.Poller.POLLIN) != 0 || r.awaitingRoom && (events & ZMQ.Poller.POLLOUT) != 0;
            }
        }
        parkedIn = IN_SELECTOR;
        try {
            if (timeoutMillis == 0 || ready || wakeRequested.get()) {
                selector.selectNow();
            } else {
                selector.select(timeoutMillis);
            }
        } finally {
            parkedIn = null;
        }
        if (selector.selectedKeys().remove(wakeKey)) {
            clearPipe(drain); // a wake-up written after this is seen by the next park
        }
        selector.selectedKeys().clear();
    }

    /**
     * Sends {@code frames} as one message without blocking: the first frame with DONTWAIT, and once ZeroMQ
     * has accepted it, the rest (ZeroMQ takes a multipart message whole). Loop thread only.
     *
     * @return false if ZeroMQ refused the message (high-water mark reached, or no peer)
     * @throws org.zeromq.ZMQException for other refusals, e.g. EHOSTUNREACH from a ROUTER_MANDATORY socket
     */
    public static boolean sendMultipart(ZMQ.Socket socket, List<byte[]> frames) {
        return sendMultipart(socket, frames, false);
    }

    /**
     * As {@link #sendMultipart(ZMQ.Socket, List)}, but with {@code waitForRoom} a message refused at the high-water
     * mark waits for room up to the socket's send timeout ({@code ZMQ_SNDTIMEO}, set it first: the default waits
     * for ever). Loop thread only.
     *
     * @since 1.3
     */
    public static boolean sendMultipart(ZMQ.Socket socket, List<byte[]> frames, boolean waitForRoom) {
        int last = frames.size() - 1;
        int more = last == 0 ? 0 : ZMQ.SNDMORE;
        if (!socket.send(frames.get(0), waitForRoom ? more : more | ZMQ.DONTWAIT)) {
            return false;
        }
        for (int i = 1; i < last; i++) {
            socket.send(frames.get(i), ZMQ.SNDMORE);
        }
        if (last > 0) {
            socket.send(frames.get(last), 0);
        }
        return true;
    }

    /** @param flags {@link ZMQ#DONTWAIT}, or 0 to wait up to the socket's receive timeout */
    private static List<byte[]> receive(ZMQ.Socket socket, int flags) {
        byte[] first = socket.recv(flags);
        if (first == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>(6);
        frames.add(first);
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        return frames;
    }

    private long pollTimeout() {
        if (!tasks.isEmpty()) {
            return 0;
        }
        Timer next = timers.peek();
        if (next == null) {
            return IDLE_POLL_MILLIS;
        }
        long millis = (next.due - System.nanoTime()) / 1_000_000L;
        return Math.max(0, Math.min(millis, IDLE_POLL_MILLIS));
    }

    private void runAll(List<Runnable> hooks) {
        for (int i = 0; i < hooks.size(); i++) {
            safely(hooks.get(i));
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            safely(task);
        }
    }

    private void runTimers() {
        long now = System.nanoTime();
        Timer t;
        while ((t = timers.peek()) != null && t.due - now <= 0) {
            timers.poll();
            if (!t.cancelled) {
                safely(t.task);
                t.due = Math.max(t.due + t.periodNanos, now); // no catch-up burst after a stall
                timers.add(t);
            }
        }
    }

    private void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error("{}: task failed", name, e);
        }
    }

    private void clearPipe(ByteBuffer buf) {
        try {
            while (wakePipe.source().read(buf.clear()) > 0) {
                // discard the wake-up bytes
            }
        } catch (IOException e) {
            // closed while shutting down
        }
    }

    private void requireLoop() {
        if (!inLoop()) {
            throw new IllegalStateException("only on the " + name + " thread");
        }
    }

    /** Stops the thread; every socket and the context are closed with their linger. Waits up to 10 s. */
    @Override
    public void close() {
        closing = true;
        wake();
        if (!inLoop()) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            wakePipe.sink().close();
            wakePipe.source().close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    private static final class Registration {
        final ZMQ.Socket socket;
        final Reader reader;
        /** The socket's ZeroMQ descriptor in the loop's selector: readable when the socket has new commands. */
        final SelectionKey key;
        /** For a ROUTER: wakes the loop parked in its recv; null for other sockets. */
        final RouterWaker waker;
        boolean awaitingRoom;

        Registration(ZMQ.Socket socket, Reader reader, SelectionKey key, RouterWaker waker) {
            this.socket = socket;
            this.reader = reader;
            this.key = key;
            this.waker = waker;
        }
    }

    private static final class Timer implements Comparable<Timer> {
        final long periodNanos;
        final Runnable task;
        long due;
        volatile boolean cancelled;

        Timer(long periodMillis, Runnable task, long due) {
            this.periodNanos = periodMillis * 1_000_000L;
            this.task = task;
            this.due = due;
        }

        @Override
        public int compareTo(Timer o) {
            return Long.compare(due, o.due);
        }
    }
}
