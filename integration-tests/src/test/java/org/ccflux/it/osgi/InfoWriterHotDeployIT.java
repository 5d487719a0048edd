package org.ccflux.it.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.ccflux.api.CcSender;
import org.ccflux.api.MessageHandler;
import org.junit.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The infowriter bundle is not running at boot; its jar and .cfg dropped into the watched directory make it serve
 * {@code pub.infofile}, and a file sent by a libzmq client (pyzmq, as CC's infosender sends it) is written with its
 * content and mtime. Removing the jar stops it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class InfoWriterHotDeployIT {
    private static final String PYTHON = "/usr/bin/python3";
    private static final long MTIME = 1_700_000_000L;

    @Inject
    private BundleContext context;

    @Inject
    private CcSender sender; // waits until the server is up

    @Configuration
    public Option[] config() {
        return CcfluxOptions.distribution("InfoWriterHotDeployIT", "handler-infowriter", "remote"); // CC runs it centrally
    }

    @Test
    public void aHotDeployedInfowriterWritesWhatALibzmqClientSends() throws Exception {
        WatchDir watch = new WatchDir();
        Path dstdir = Paths.get(System.getProperty(CcfluxOptions.WATCH_DIR)).resolveSibling("InfoWriterHotDeployIT-files");
        Files.createDirectories(dstdir);
        Path written = dstdir.resolve("web1").resolve("info.uptime");

        watch.write("org.ccflux.handler.infowriter-infowriter.cfg", "routes = pub.infofile\ndstdir = " + dstdir + "\nhost-subdirs = yes\n");
        watch.copy(infowriterJar(), "handler-infowriter.jar");
        // Until the bundle is up a pub.infofile is unrouted and dropped: send again until the file is there.
        Await.until("the file sent over libzmq is written", 30_000, () -> {
            send("web1", "info.uptime", MTIME, "up 42 days");
            return Files.exists(written);
        });
        assertEquals("up 42 days", Files.readString(written));
        assertEquals(MTIME, Files.getLastModifiedTime(written).to(TimeUnit.SECONDS));

        watch.delete("handler-infowriter.jar");
        Await.until("the infowriter bundle is uninstalled", 20_000, () -> Stream.of(context.getBundles())
                .noneMatch(b -> b.getSymbolicName().equals("org.ccflux.handler-infowriter")));
        // A handler of our own on pub sees the message once the server has routed it: had the infowriter still been
        // bound, it would have got it at the same time and written it on its lanes.
        List<String> routed = new CopyOnWriteArrayList<>();
        Dictionary<String, Object> props = new Hashtable<>(Map.of(MessageHandler.ROUTES, "pub", MessageHandler.NAME, "witness",
                MessageHandler.EXECUTION, "inline"));
        ServiceRegistration<MessageHandler> witness = context.registerService(MessageHandler.class, m -> routed.add(m.type()), props);
        try {
            Path after = dstdir.resolve("web1").resolve("info.after");
            send("web1", "info.after", MTIME, "late");
            Await.until("the message was routed", 20_000, () -> routed.contains("pub.infofile"));
            assertFalse("removed with its jar, the infowriter writes nothing", Files.exists(after));
        } finally {
            witness.unregister();
        }
        watch.delete("org.ccflux.handler.infowriter-infowriter.cfg");
    }

    private static Path infowriterJar() throws IOException {
        try (Stream<Path> s = Files.list(Paths.get(System.getProperty("ccflux.dist.dir"), "bundle"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("handler-infowriter-")).findFirst()
                    .orElseThrow(() -> new AssertionError("no handler-infowriter jar in the distribution"));
        }
    }

    private static void send(String host, String file, long mtime, String content) {
        Path script = Paths.get(System.getProperty("ccflux.python.dir"), "infofile_send.py");
        try {
            Process p = new ProcessBuilder(List.of(PYTHON, script.toString(), "tcp://127.0.0.1:" + Integer.getInteger(CcfluxOptions.PORT),
                    host, file, Long.toString(mtime), content)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("infofile_send.py failed: " + out);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + PYTHON, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
