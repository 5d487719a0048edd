package org.ccflux.handler.database.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.rules.ExternalResource;

/**
 * For tests here and in integration-tests (this module's test-jar): a throw-away PostgreSQL cluster for one test class ({@code @ClassRule}): {@code initdb} into a temporary
 * directory, {@code pg_ctl start} on a free port on 127.0.0.1 (TCP, scram-sha-256 passwords), stopped and deleted
 * afterwards. Uses the server binaries of Debian's {@code postgresql} package
 * ({@code /usr/lib/postgresql/<version>/bin}, the newest; {@code -Dccflux.test.pgbin=<dir>} or {@code PG_BIN}
 * overrides). initdb refuses to run as root, so under root every command runs as the {@code postgres} system user
 * through {@code runuser}. Anything missing fails the test class with the reason: these tests never skip.
 */
public final class PostgresCluster extends ExternalResource implements AutoCloseable {
    public static final String SUPERUSER = "postgres";
    private static final long COMMAND_TIMEOUT_SECONDS = 120;

    public final String superPassword = "su-" + UUID.randomUUID();
    private Path bin;
    private Path dir;
    private Path data;
    private boolean asPostgresUser;
    private int port;
    private Thread cleanup;

    @Override
    protected void before() throws Throwable {
        bin = findBin();
        asPostgresUser = isRoot();
        dir = Files.createTempDirectory("ccflux-pg-");
        data = dir.resolve("data");
        Path pwfile = dir.resolve("pwfile");
        Files.writeString(pwfile, superPassword + "\n");
        Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-------"));
        if (asPostgresUser) {
            UserPrincipal postgres;
            try {
                postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SUPERUSER);
            } catch (UserPrincipalNotFoundException e) {
                throw new AssertionError("Running as root, and initdb refuses root: the 'postgres' system user is needed"
                        + " (Debian's postgresql package creates it: apt-get install postgresql)", e);
            }
            Files.setOwner(dir, postgres);
            Files.setOwner(pwfile, postgres);
        }
        cleanup = new Thread(this::destroy, "pg-cluster-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        run("initdb", List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER, "-E", "UTF8",
                "--locale=C", "--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=" + pwfile, "--no-sync"));
        Files.delete(pwfile);
        start();
    }

    /** Creates and starts the cluster outside JUnit (e.g. in a benchmark); {@link #close()} removes it. */
    public PostgresCluster open() throws Throwable {
        before();
        return this;
    }

    @Override
    public void close() {
        after();
    }

    @Override
    protected void after() {
        destroy();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs anyway and finds nothing left to do
        }
    }

    /** Starts the server (again) on a free port, the same one as before if it had one. */
    public void start() throws IOException, InterruptedException {
        AssertionError last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            if (port == 0 || attempt > 0) {
                port = freePort();
            }
            try {
                run("pg_ctl start", List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                        dir.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                        "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + dir
                                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off", "start"));
                return;
            } catch (AssertionError e) {
                last = e; // most likely the port was taken between probing and binding: try another
            }
        }
        throw last;
    }

    /** Stops the server: every session gets PostgreSQL's "terminating connection due to administrator command". */
    public void stop() throws IOException, InterruptedException {
        run("pg_ctl stop", List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"));
    }

    public int port() {
        return port;
    }

    /** A superuser connection to {@code database}, for fixtures and for killing sessions. */
    public Connection admin(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, SUPERUSER, superPassword);
    }

    /** A libpq connection string for the handler's {@code db} option. */
    public String conninfo(String database, String user, String password) {
        return "host=127.0.0.1 port=" + port + " dbname=" + database + " user=" + user + " password='" + password + "'";
    }

    private void destroy() {
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                run("pg_ctl stop", List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop"));
            }
        } catch (IOException | InterruptedException | AssertionError e) {
            System.err.println("could not stop the test PostgreSQL in " + dir + ": " + e);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }

    private void run(String what, List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of(runuser(), "-u", SUPERUSER, "--"));
        }
        full.addAll(command);
        Path out = Files.createTempFile("ccflux-pg-cmd-", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()); // a file, not a pipe: the postmaster must not inherit our pipe
            pb.environment().put("LC_ALL", "C");
            pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
            Process p = pb.start();
            if (!p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(what + " did not finish in " + COMMAND_TIMEOUT_SECONDS + " s" + details(out));
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(what + " failed with exit status " + p.exitValue() + details(out));
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private String details(Path out) throws IOException {
        StringBuilder b = new StringBuilder("\n--- output:\n").append(Files.readString(out, StandardCharsets.UTF_8));
        Path log = dir.resolve("server.log");
        if (Files.exists(log)) {
            b.append("\n--- server.log:\n").append(Files.readString(log, StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    private static Path findBin() throws IOException {
        String explicit = System.getProperty("ccflux.test.pgbin", System.getenv("PG_BIN"));
        if (explicit != null && !explicit.isBlank()) {
            Path p = Path.of(explicit);
            if (!Files.isExecutable(p.resolve("initdb")) || !Files.isExecutable(p.resolve("pg_ctl"))) {
                throw new AssertionError("no initdb and pg_ctl in " + p + " (ccflux.test.pgbin / PG_BIN)");
            }
            return p;
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                Path newest = versions.filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                        .filter(v -> Files.isExecutable(v.resolve("bin/initdb")) && Files.isExecutable(v.resolve("bin/pg_ctl")))
                        .max(Comparator.comparingDouble(v -> Double.parseDouble(v.getFileName().toString())))
                        .orElse(null);
                if (newest != null) {
                    return newest.resolve("bin");
                }
            }
        }
        throw new AssertionError("PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/<version>/bin."
                + " Install Debian's postgresql package (apt-get install postgresql) or set -Dccflux.test.pgbin=<bin dir>");
    }

    /** util-linux's runuser, also when /usr/sbin is not on the PATH (as for some non-login root shells). */
    private static String runuser() {
        for (String p : new String[] {"/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser"}) {
            if (Files.isExecutable(Path.of(p))) {
                return p;
            }
        }
        return "runuser";
    }

    private static boolean isRoot() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
