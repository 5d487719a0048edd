package org.ccflux.it.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
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
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/** Handlers coming and going change routing live, in CC's order, while other traffic flows without loss. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotDeployIT {
    @Inject
    private BundleContext context;

    @Inject
    private CcSender sender; // waits until the server is up

    @Configuration
    public Option[] config() {
        return CcfluxOptions.distribution("HotDeployIT");
    }

    @Test
    public void routingFollowsCcOrderAsHandlersComeAndGo() {
        List<String> calls = new ArrayList<>();
        ServiceRegistration<MessageHandler> all = register(calls, "all", "*", 0);
        ServiceRegistration<MessageHandler> order = register(calls, "order", "order", 0);
        ServiceRegistration<MessageHandler> ranked = register(calls, "ranked", "order", 10);
        ServiceRegistration<MessageHandler> created = register(calls, "created", "order.created", 0);
        ServiceRegistration<MessageHandler> twice = register(calls, "twice", "order, order.created", 0);
        ServiceRegistration<MessageHandler> crashing = register(calls, "crashing", "order", -10);
        try (TestClient client = new TestClient(port())) {
            assertCalls(client, calls, "order.created", List.of("all", "ranked", "order", "twice", "crashing", "created", "twice"));
            assertCalls(client, calls, "orderly.x", List.of("all"));
            ranked.unregister();
            twice.unregister();
            assertCalls(client, calls, "order.created", List.of("all", "order", "crashing", "created"));
            all.unregister();
            crashing.unregister();
            assertCalls(client, calls, "order.created.v2", List.of("order", "created"));
            created.unregister();
            assertCalls(client, calls, "order.created", List.of("order"));
        } finally {
            order.unregister();
        }
    }

    @Test
    public void handlerJarDeployedAndRemovedWhileEchoFlowsWithoutLoss() throws Exception {
        WatchDir watch = new WatchDir();
        try (EchoLoad load = new EchoLoad(port()); TestClient client = new TestClient(port())) {
            watch.write("com.example.hello-main.cfg", "greeting = Hi\n");
            watch.copy(Paths.get(System.getProperty("ccflux.hello.jar")), "hello-handler.jar");
            Await.until("hello handler answers", 20_000, () -> greeting(client).equals("Hi, it"));

            watch.delete("hello-handler.jar");
            Await.until("hello handler gone", 20_000, () -> greeting(client).isEmpty());
            watch.delete("com.example.hello-main.cfg");

            assertEquals("echo requests lost during deploy/undeploy (of " + load.sent() + ")", 0, load.stopAndCountLost());
            assertTrue("echo load ran", load.sent() > 100);
        }
    }

    private static String greeting(TestClient client) {
        List<CcMessage> replies = client.request("hello.world", ",\"name\":\"it\"", 300);
        return replies.isEmpty() ? "" : replies.get(0).bodyText().replaceAll(".*\"greeting\":\"([^\"]*)\".*", "$1");
    }

    /**
     * Handlers bind synchronously on (un)registration, so one message shows the new routing. Each attempt
     * sends a fresh message and must see exactly the expected calls; a retry only covers a message the
     * transport lost (e.g. sent while the client was still connecting).
     */
    private void assertCalls(TestClient client, List<String> calls, String type, List<String> expected) {
        List<String> last = new ArrayList<>();
        for (int attempt = 0; attempt < 5; attempt++) {
            synchronized (calls) {
                calls.clear();
            }
            client.send(type, "");
            try {
                Await.until("calls", 1000, () -> snapshot(calls).size() >= expected.size());
            } catch (AssertionError timeout) {
                // fewer calls than expected within a second: compared below
            }
            last = snapshot(calls);
            if (last.equals(expected)) {
                return;
            }
        }
        assertEquals(type + " calls", expected, last);
    }

    private static List<String> snapshot(List<String> calls) {
        synchronized (calls) {
            return new ArrayList<>(calls);
        }
    }

    private ServiceRegistration<MessageHandler> register(List<String> calls, String name, String routes, int ranking) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(MessageHandler.ROUTES, routes);
        props.put(MessageHandler.NAME, name);
        props.put(MessageHandler.EXECUTION, "inline");
        props.put(Constants.SERVICE_RANKING, ranking);
        return context.registerService(MessageHandler.class, message -> {
            synchronized (calls) {
                calls.add(name);
            }
            if (name.equals("crashing")) {
                throw new IllegalStateException("this handler always fails");
            }
        }, props);
    }

    private static int port() {
        return Integer.getInteger(CcfluxOptions.PORT);
    }
}
