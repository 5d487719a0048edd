package org.ccflux.it.osgi;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.inject.Inject;
import org.ccflux.api.CcMessage;
import org.ccflux.api.CcSender;
import org.ccflux.api.MessageHandler;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;

/** The shipped bundle set boots in Felix, serves echo, publishes metatype, and stops without leaking threads. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ServerBootIT {
    @Inject
    private BundleContext context;

    @Inject
    private MetaTypeService metaType;

    @Configuration
    public Option[] config() {
        return CcfluxOptions.distribution("ServerBootIT");
    }

    @Test
    public void everyShippedBundleIsActive() {
        Set<String> shipped = CcfluxOptions.shippedBundles().stream().map(p -> p.toUri().toString()).collect(Collectors.toSet());
        List<String> notActive = new ArrayList<>();
        int found = 0;
        for (Bundle b : context.getBundles()) {
            if (shipped.contains(b.getLocation())) {
                found++;
                boolean fragment = b.getHeaders().get(Constants.FRAGMENT_HOST) != null;
                if (!fragment && b.getState() != Bundle.ACTIVE) {
                    notActive.add(b.getSymbolicName() + " state " + b.getState());
                }
            }
        }
        assertEquals("all shipped bundles installed", shipped.size(), found);
        assertTrue("not active: " + notActive, notActive.isEmpty());
    }

    @Test
    public void echoAnswersWithTheRequestRoute() {
        awaitServer();
        try (TestClient client = new TestClient(port())) {
            String id = client.send("echo.request", ",\"target\":\"it\"");
            CcMessage reply = client.receive(5000);
            assertNotNull("echo reply", reply);
            assertEquals("echo.response", reply.type());
            assertArrayEquals(id.getBytes(StandardCharsets.US_ASCII), reply.route().get(0));
            assertTrue(reply.bodyText(), reply.bodyText().contains("\"orig_target\":\"it\""));
        }
    }

    @Test
    public void everyPidHasMetatype() {
        List<String> pids = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() != null && b.getSymbolicName().startsWith("org.ccflux.")) {
                MetaTypeInformation info = metaType.getMetaTypeInformation(b);
                pids.addAll(Arrays.asList(info.getPids()));
                pids.addAll(Arrays.asList(info.getFactoryPids()));
            }
        }
        assertTrue(pids.toString(), pids.containsAll(List.of("org.ccflux.server", "org.ccflux.handler.echo",
                "org.ccflux.handler.disposer", "org.ccflux.handler.locallogger")));
    }

    @Test
    public void stoppingTheCoreLeavesNoThreadsAndRestartServesAgain() throws Exception {
        awaitServer();
        Bundle core = bundle("org.ccflux.core");
        core.stop();
        Await.until("no ccflux-* or ZeroMQ threads left", 10_000, () -> leakedThreads().isEmpty());
        core.start();
        awaitServer();
        // A probe on the same route tells "the server got nothing" apart from "echo did not answer".
        AtomicInteger seen = new AtomicInteger();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(MessageHandler.ROUTES, "echo");
        props.put(MessageHandler.EXECUTION, "inline");
        ServiceRegistration<MessageHandler> probe = context.registerService(MessageHandler.class, m -> seen.incrementAndGet(), props);
        try (TestClient client = new TestClient(port())) {
            Await.until(() -> "echo answered after restart (requests routed: " + seen.get() + ")", 10_000, () -> {
                client.send("echo.request", "");
                return client.receive(500) != null;
            });
        } finally {
            probe.unregister();
        }
    }

    /** Threads of the core (ccflux-*) and of its ZeroMQ context (reaper, iothread). Echo's own are excluded. */
    private static List<String> leakedThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(n -> (n.startsWith("ccflux-") && !n.startsWith("ccflux-echo")) || n.startsWith("reaper-")
                        || n.startsWith("iothread-"))
                .collect(Collectors.toList());
    }

    private Bundle bundle(String bsn) {
        return Arrays.stream(context.getBundles()).filter(b -> bsn.equals(b.getSymbolicName())).findFirst()
                .orElseThrow(() -> new AssertionError("no bundle " + bsn));
    }

    private void awaitServer() {
        Await.until("CcSender service", 15_000, () -> context.getServiceReference(CcSender.class) != null);
    }

    private static int port() {
        return Integer.getInteger(CcfluxOptions.PORT);
    }
}
