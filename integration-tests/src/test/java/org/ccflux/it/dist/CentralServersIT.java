package org.ccflux.it.dist;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ccflux.handler.database.testing.PostgresCluster;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;

/**
 * CC's central servers (reference §9: {@code ccserver-info}, {@code ccserver-log}, {@code ccserver-confdb}) from the
 * committed {@code config/examples/central-servers}, each started as a distribution and fed by the clients CC's
 * hosts use: libzmq stand-ins for the infosender and logtail daemons, and {@code ccsend}. Only ports, the file directory and the database
 * address and password are substituted; the database is a real PostgreSQL.
 */
public class CentralServersIT {
    private static final String TOPOLOGY = "central-servers";
    private static final String PYTHON = System.getProperty("ccflux.python", "/usr/bin/python3");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String DB_PASSWORD = "cc-it-password";

    @ClassRule
    public static final PostgresCluster PG = new PostgresCluster();

    private static Path files;
    private static final List<RunningDistribution> SERVERS = new ArrayList<>();
    private static RunningDistribution info;
    private static RunningDistribution log;
    private static RunningDistribution confdb;

    @BeforeClass
    public static void start() throws Exception {
        try (Connection c = PG.admin("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE ROLE cc LOGIN PASSWORD '" + DB_PASSWORD + "'");
            s.execute("CREATE DATABASE confdb OWNER cc");
            s.execute("CREATE DATABASE testdb OWNER cc");
        }
        try (Connection c = PG.admin("testdb"); Statement s = c.createStatement()) {
            s.execute("CREATE FUNCTION public.add(a int, b int) RETURNS int LANGUAGE sql AS 'SELECT a + b'");
        }
        files = Path.of(System.getProperty("ccflux.work.dir")).resolve("CentralServersIT-files");
        RunningDistribution.deleteTree(files); // a previous run's files would be newer than what this run sends
        Files.createDirectories(files);
        Map<String, String> replacements = Map.of("/tmp/infofiles", files.toString(), "port=5432", "port=" + PG.port(),
                "user=cc", "user=cc password='" + DB_PASSWORD + "'");
        Map<Integer, Integer> ports = ExampleConfig.newPortMap();
        try {
            info = start("ccserver-info", ports, replacements);
            log = start("ccserver-log", ports, replacements);
            confdb = start("ccserver-confdb", ports, replacements);
        } catch (RuntimeException | AssertionError e) {
            stop();
            throw e;
        }
    }

    @AfterClass
    public static void stop() {
        SERVERS.forEach(RunningDistribution::close);
        SERVERS.clear();
    }

    @Test
    public void theInfoServerWritesFilesPerHostWithABackup() throws Exception {
        infosender(info, "web1", "info.uptime", "1700000000", "up 1 day");
        Path file = files.resolve("web1").resolve("info.uptime");
        info.await("info.uptime written", TIMEOUT, () -> Files.exists(file) ? Files.readString(file) : "", "up 1 day"::equals);
        infosender(info, "web1", "info.uptime", "1700000060", "up 2 days");
        info.await("info.uptime replaced", TIMEOUT, () -> Files.readString(file), "up 2 days"::equals);
        assertEquals("bakext = --prev keeps the replaced version", "up 1 day", Files.readString(files.resolve("web1/info.uptime--prev")));
        assertEquals(1_700_000_060L, Files.getLastModifiedTime(file).to(TimeUnit.SECONDS));
    }

    @Test
    public void theLogServerLogsRecordsAndWritesFlatInfoFiles() {
        Cmd.Result sent = ccsend(log, "log.warning", "{\"log_level\": \"WARNING\", \"log_msg\": \"disk 91% full\", \"job_name\": \"df\"}");
        assertEquals(sent.toString(), 0, sent.exitCode());
        log.await("the record in the log server's log", TIMEOUT, () -> log.logText() + log.consoleText(),
                text -> text.contains("WARNING disk 91% full") && text.contains("[df@"));

        infosender(log, "db1", "info.pg", "1700000000", "pg ok");
        Path flat = files.resolve("db1--info.pg");
        log.await("a flat info file", TIMEOUT, () -> Files.exists(flat), exists -> exists);
    }

    @Test
    public void theLogServerAppendsLogtailChunksInOrder() {
        Path dir = Path.of(System.getProperty("ccflux.python.dir", "src/test/python"));
        Cmd.Result r = Cmd.run(dir, env -> { }, TIMEOUT, List.of(PYTHON, dir.resolve("logtail_send.py").toString(), log.endpoint(),
                "db2", "/var/log/postgresql/postgresql-15-main.log", "line one\n", "line two\n", "line three\n"));
        assertEquals(r.toString(), 0, r.exitCode());
        Path tail = files.resolve("db2").resolve("postgresql-15-main.log");
        log.await("the chunks appended in order", TIMEOUT, () -> Files.exists(tail) ? Files.readString(tail) : "",
                "line one\nline two\nline three\n"::equals);
    }

    @Test
    public void theConfdbServerCallsAllowedFunctionsAndRefusesTheRest() {
        Cmd.Result answered = ccsend(confdb, "-w", "db.testdb", "{\"function\": \"public.add\", \"params\": [2, 3], \"return\": \"one\"}");
        assertEquals(answered + confdb.diagnostics(), 0, answered.exitCode());
        assertTrue(answered.output(), answered.output().startsWith("reply.db.testdb "));
        assertTrue(answered.output(), answered.output().replace(" ", "").contains("\"data\":[5]"));

        Cmd.Result refused = ccsend(confdb, "-w", "db.confdb", "{\"function\": \"public.add\", \"params\": [2, 3], \"return\": \"one\"}");
        assertEquals("confdb's example allows no function: " + refused, 1, refused.exitCode());
        assertTrue(refused.output(), refused.output().contains("error.db.confdb") && refused.output().contains("not-allowed"));
    }

    // ---- fixtures ----

    private static RunningDistribution start(String server, Map<Integer, Integer> ports, Map<String, String> replacements) {
        ExampleConfig cfg = ExampleConfig.load(TOPOLOGY, server, ports, replacements);
        RunningDistribution d = RunningDistribution.start(CentralServersIT.class.getSimpleName() + "-" + server, cfg.port, cfg.role,
                cfg.handlerConfigs);
        SERVERS.add(d);
        return d;
    }

    /** CC's infosender, as a libzmq client: one pub.infofile with the content in the blob. */
    private static void infosender(RunningDistribution server, String host, String file, String mtime, String content) {
        Path dir = Path.of(System.getProperty("ccflux.python.dir", "src/test/python"));
        Cmd.Result r = Cmd.run(dir, env -> { }, TIMEOUT, List.of(PYTHON, dir.resolve("infofile_send.py").toString(),
                server.endpoint(), host, file, mtime, content));
        assertEquals(r.toString(), 0, r.exitCode());
    }

    private static Cmd.Result ccsend(RunningDistribution server, String... args) {
        List<String> command = new ArrayList<>(List.of(server.home().resolve("bin/ccsend").toString(), "-c", server.endpoint(), "-t", "10"));
        command.addAll(List.of(args));
        return Cmd.run(server.home(), env -> { }, TIMEOUT, command);
    }
}
