package org.ccflux.crypto;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.BeforeClass;
import org.junit.Test;

public class AllowListTest {
    private static Signer user1;
    private static Signer server;

    @BeforeClass
    public static void makeKeys() {
        Keystore ks = Keystore.open(TestKeys.dir());
        user1 = Signer.of(ks.certificate("user1"));
        server = Signer.of(ks.certificate("server"));
    }

    @Test
    public void commonNamesAndPrefixes() {
        AllowList a = AllowList.parse("user1 = log pub.infofile; Host 1 = task.reply, echo");
        assertTrue(a.permits(user1, "log"));
        assertTrue(a.permits(user1, "log.info"));
        assertFalse("whole components only", a.permits(user1, "logx"));
        assertTrue(a.permits(user1, "pub.infofile.confdb"));
        assertFalse(a.permits(user1, "pub.logtail"));
        assertFalse(a.permits(user1, "task.reply.x"));
        assertTrue(a.permits(server, "task.reply.x"));
        assertTrue(a.permits(server, "echo.response"));
        assertFalse(a.permits(server, "log.info"));
        assertFalse("unsigned never", a.permits(null, "log.info"));
    }

    @Test
    public void commonNamesIgnoreCase() {
        assertTrue(AllowList.parse("USER1 = log").permits(user1, "log.info"));
    }

    @Test
    public void dnsInEitherOrderAndOpensslSlashForm() {
        assertTrue(AllowList.parse("CN=user1,O=ccflux test,emailAddress=user1@example.com = log").permits(user1, "log.info"));
        assertTrue("RFC 2253 order", AllowList.parse("E=user1@example.com, O=ccflux test, CN=user1 = log").permits(user1, "log"));
        assertTrue("openssl -subj form", AllowList.parse("/CN=Host 1/O=ccflux test = log").permits(server, "log"));
        assertTrue("case and spacing", AllowList.parse("cn=HOST 1,  o=CCFLUX TEST = log").permits(server, "log"));
        assertFalse("all RDNs count", AllowList.parse("CN=Host 1,O=other = log").permits(server, "log"));
        assertFalse(AllowList.parse("CN=user1 = log").permits(user1, "log"));
    }

    @Test
    public void wildcardsAndSeveralEntries() {
        AllowList a = AllowList.parse("* = echo\nuser1 = log\nuser1 = task");
        assertTrue(a.permits(server, "echo.request"));
        assertFalse(a.permits(server, "log"));
        assertTrue(a.permits(user1, "task.send.x"));
        assertTrue(a.permits(user1, "log.info"));
        assertTrue(AllowList.parse("user1 = *").permits(user1, "anything.at.all"));
    }
}
