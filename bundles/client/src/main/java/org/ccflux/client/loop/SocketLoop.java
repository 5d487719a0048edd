package org.ccflux.client.loop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.osgi.annotation.versioning.ProviderType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * <p>Callbacks (readers, tasks, timers) must not block; an exception from one is logged and the loop goes
 * on. {@link #close()} closes every socket and the context (honouring each socket's linger).
 */
@ProviderType
public final class SocketLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SocketLoop.class);
    private static final long IDLE_POLL_MILLIS = 250;
    private static final int READ_BATCH = 256;
    /** How often {@link #call} checks, while waiting, that the loop has not ended. */
    private static final long CLOSED_CHECK_MILLIS = 100;

    /** Receives the frames of one message, on the loop thread; {@link #demand} gates reading. */
    public interface Reader {
        /** @return how many more messages may be delivered now; 0 pauses reading this socket */
        long demand();

        /** One whole multipart message. */
        void onMessage(List<byte[]> frames);
    }

    private final String name;
    private final ZContext context;
    private final Thread thread;
    private final Pipe wakePipe;
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<Registration> registrations = new ArrayList<>();
    private final List<Runnable> everyTurn = new ArrayList<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private volatile boolean closing;
    private ZMQ.Poller poller;

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
        registrations.add(new Registration(socket, reader));
    }

    /** Stops watching and closes {@code socket}; loop thread only. */
    public void close(ZMQ.Socket socket) {
        requireLoop();
        registrations.removeIf(r -> {
            if (r.socket == socket) {
                if (r.events != 0) {
                    poller.unregister(socket);
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
        if (wakePending.compareAndSet(false, true)) {
            try {
                wakePipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            } catch (IOException e) {
                wakePending.set(false); // closed: the loop is ending anyway
            }
        }
    }

    private void run() {
        poller = context.createPoller(8);
        poller.register(wakePipe.source(), ZMQ.Poller.POLLIN);
        ByteBuffer drain = ByteBuffer.allocate(64);
        try {
            while (!closing) {
                runTasks();
                runTimers();
                for (int i = 0; i < everyTurn.size(); i++) {
                    safely(everyTurn.get(i));
                }
                updatePollSet();
                poller.poll(pollTimeout());
                if (poller.pollin(0)) {
                    wakePending.set(false); // re-arm first, so a wake-up racing this drain is not lost
                    clearPipe(drain);
                }
                readReady();
            }
        } catch (RuntimeException e) {
            if (!closing) {
                LOG.error("{} stopped", name, e);
            }
        } finally {
            runTasks(); // let pending control tasks (closing sockets, completing calls) finish
            poller.close();
            context.close();
        }
    }

    private void updatePollSet() {
        for (Registration r : registrations) {
            int want = (r.reader.demand() > 0 ? ZMQ.Poller.POLLIN : 0) | (r.awaitingRoom ? ZMQ.Poller.POLLOUT : 0);
            if (want != r.events) {
                if (r.events != 0) {
                    poller.unregister(r.socket);
                }
                if (want != 0) {
                    poller.register(r.socket, want);
                }
                r.events = want;
            }
        }
    }

    private void readReady() {
        for (int i = 0; i < registrations.size(); i++) {
            Registration r = registrations.get(i);
            int ready = r.events == 0 ? 0 : r.socket.getEvents(); // not poller indexes: they shift on (un)register
            if ((ready & ZMQ.Poller.POLLOUT) != 0) {
                r.awaitingRoom = false; // the every-turn hooks of the next turn write
            }
            if ((r.events & ZMQ.Poller.POLLIN) != 0 && (ready & ZMQ.Poller.POLLIN) != 0) {
                for (int n = 0; n < READ_BATCH && r.reader.demand() > 0; n++) {
                    List<byte[]> frames = receive(r.socket);
                    if (frames == null) {
                        break;
                    }
                    try {
                        r.reader.onMessage(frames);
                    } catch (RuntimeException e) {
                        LOG.error("{}: reader failed", name, e);
                    }
                }
            }
        }
    }

    /**
     * Sends {@code frames} as one message without blocking: the first frame with DONTWAIT, and once ZeroMQ
     * has accepted it, the rest (ZeroMQ takes a multipart message whole). Loop thread only.
     *
     * @return false if ZeroMQ refused the message (high-water mark reached, or no peer)
     * @throws org.zeromq.ZMQException for other refusals, e.g. EHOSTUNREACH from a ROUTER_MANDATORY socket
     */
    public static boolean sendMultipart(ZMQ.Socket socket, List<byte[]> frames) {
        int last = frames.size() - 1;
        if (!socket.send(frames.get(0), last == 0 ? ZMQ.DONTWAIT : ZMQ.SNDMORE | ZMQ.DONTWAIT)) {
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

    private static List<byte[]> receive(ZMQ.Socket socket) {
        byte[] first = socket.recv(ZMQ.DONTWAIT);
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
        /** What the poller watches now: POLLIN while the reader has demand, POLLOUT while awaiting room. */
        int events;
        boolean awaitingRoom;

        Registration(ZMQ.Socket socket, Reader reader) {
            this.socket = socket;
            this.reader = reader;
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
