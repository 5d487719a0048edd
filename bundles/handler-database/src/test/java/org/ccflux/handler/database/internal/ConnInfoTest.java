package org.ccflux.handler.database.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Properties;
import org.junit.Test;

/** The {@code db} option: libpq connection strings and URIs turned into a pgjdbc URL and properties. */
public class ConnInfoTest {
    private static ConnInfo parse(String s) {
        return ConnInfo.parse(s, "ccflux-db-test");
    }

    @Test
    public void keywordValuePairsWithQuotingAndEscapes() {
        ConnInfo c = parse("host=db1 port = 5433 dbname=confdb user=cc password='s e c\\'x\\\\y' options='-c statement_timeout=5s'");
        assertEquals("jdbc:postgresql://db1:5433/confdb", c.url());
        Properties p = c.properties();
        assertEquals("cc", p.getProperty("user"));
        assertEquals("s e c'x\\y", p.getProperty("password"));
        assertEquals("-c statement_timeout=5s", p.getProperty("options"));
        assertEquals("unspecified", p.getProperty("stringtype"));
        assertEquals("ccflux-db-test", p.getProperty("ApplicationName"));
        assertEquals("10", p.getProperty("connectTimeout"));
        assertEquals("true", p.getProperty("tcpKeepAlive"));
    }

    @Test
    public void libpqDefaultsHostLocalhostPort5432AndDbnameTheUser() {
        ConnInfo c = parse("user=alice");
        assertEquals("jdbc:postgresql://localhost:5432/alice", c.url());
    }

    @Test
    public void severalHostsWithOneOrEachPortAndIpv6() {
        assertEquals("jdbc:postgresql://a:7,b:7/d", parse("host=a,b port=7 dbname=d user=u").url());
        assertEquals("jdbc:postgresql://a:1,b:2/d", parse("host=a,b port=1,2 dbname=d user=u").url());
        assertEquals("jdbc:postgresql://[::1]:5432/d", parse("host=::1 dbname=d user=u").url());
        assertEquals("hostaddr is where libpq connects", "jdbc:postgresql://10.0.0.1:5432/d",
                parse("host=db.example hostaddr=10.0.0.1 dbname=d user=u").url());
        refused("host=a,b,c port=1,2 user=u", "db: port lists 2 ports for 3 hosts");
    }

    @Test
    public void databaseNamesAreEncodedInTheUrlAndPgjdbcDecodesThem() {
        ConnInfo c = parse("dbname='my db+1' user=u");
        assertEquals("my db+1", org.postgresql.Driver.parseURL(c.url(), null).getProperty("PGDBNAME"));
    }

    @Test
    public void optionsMapToPgjdbcProperties() {
        Properties p = parse("user=u connect_timeout=0 keepalives=0 target_session_attrs=read-write sslmode=verify-full"
                + " sslrootcert=/etc/ca.crt application_name=app load_balance_hosts=random krbsrvname=pg").properties();
        assertEquals("0", p.getProperty("connectTimeout"));
        assertEquals("false", p.getProperty("tcpKeepAlive"));
        assertEquals("primary", p.getProperty("targetServerType"));
        assertEquals("verify-full", p.getProperty("sslmode"));
        assertEquals("/etc/ca.crt", p.getProperty("sslrootcert"));
        assertEquals("app", p.getProperty("ApplicationName"));
        assertEquals("true", p.getProperty("loadBalanceHosts"));
        assertEquals("pg", p.getProperty("kerberosServerName"));
        assertEquals("libpq's minimum", "2", parse("user=u connect_timeout=1").properties().getProperty("connectTimeout"));
        assertEquals("fb", parse("user=u fallback_application_name=fb").properties().getProperty("ApplicationName"));
    }

    @Test
    public void keywordsWithoutAJdbcEquivalentAreAcceptedAndReported() {
        assertEquals(List.of("keepalives_idle", "passfile"), parse("user=u keepalives_idle=30 passfile=/x").ignored());
    }

    @Test
    public void uris() {
        ConnInfo c = parse("postgresql://cc:p%40ss%20w@db1:5433,db2/conf%2Fdb?sslmode=require&application_name=x");
        assertEquals("jdbc:postgresql://db1:5433,db2:5432/conf%2Fdb", c.url());
        assertEquals("p@ss w", c.properties().getProperty("password"));
        assertEquals("cc", c.properties().getProperty("user"));
        assertEquals("require", c.properties().getProperty("sslmode"));
        assertEquals("x", c.properties().getProperty("ApplicationName"));
        assertEquals("jdbc:postgresql://[::1]:5433/d", parse("postgres://u@[::1]:5433/d").url());
    }

    @Test
    public void jdbcUrlsPassThrough() {
        ConnInfo c = parse("jdbc:postgresql://h:1/d?user=u&password=secret");
        assertEquals("jdbc:postgresql://h:1/d?user=u&password=secret", c.url());
        assertFalse(c.toString(), c.toString().contains("secret"));
        assertEquals("jdbc:postgresql://h:1/d", c.target());
        refused("jdbc:mysql://h/d", "db is not a valid jdbc:postgresql: URL");
    }

    @Test
    public void theLogFormNeverShowsThePassword() {
        String s = parse("host=h user=u password=secret sslpassword=secret2").toString();
        assertTrue(s, s.contains("password=***") && s.contains("sslpassword=***"));
        assertFalse(s, s.contains("secret"));
        assertEquals("jdbc:postgresql://h:5432/u as u", parse("host=h user=u password=secret").target());
    }

    @Test
    public void invalidStringsAreRefusedNamingDbAndNeverEchoingThePassword() {
        refused("", "db is required");
        refused("host=h password=secret bogus=1", "db: unknown connection option 'bogus'");
        refused("host=h password=secret replication=database", "db: replication connections cannot call functions");
        refused("host=h password='secret", "db: unterminated quoted value of 'password'");
        refused("host password=secret", "db: missing '=' after 'host'");
        refused("host=/var/run/postgresql password=secret", "db: Unix-domain sockets are not supported");
        refused("host=h port=0", "db: port must be an integer from 1 to 65535, was '0'");
        refused("host=h sslmode=sometimes", "db: sslmode must be one of disable, allow, prefer, require, verify-ca, verify-full");
        refused("host=h target_session_attrs=fast", "db: target_session_attrs must be one of");
        refused("host=h client_encoding=LATIN1", "db: client_encoding must be UTF8");
        refused("host=h;drop", "db: host must be a host name or IP address");
        refused("postgresql://u:secret@h/d?sslmode", "db: URI parameter without value: 'sslmode'");
    }

    private static void refused(String db, String messageStart) {
        try {
            parse(db);
            fail("accepted " + db);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith(messageStart));
            assertFalse(e.getMessage(), e.getMessage().contains("secret"));
        }
    }
}
