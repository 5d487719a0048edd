package org.ccflux.handler.tailwriter.internal;

/**
 * A source file's identity, CC's {@code (hostname, st_dev, st_ino, filename)}: a rotated-away file (new inode
 * under the same name) is a new source. One key, computed once from the sanitised host name, so the
 * master/worker mismatch of CC's hosts with {@code /} in their name (§12.18) cannot happen.
 *
 * @param stDev {@code st_dev} as sent, "" when absent
 * @param stIno {@code st_ino} as sent, "" when absent
 * @param filepath the sender's full path
 */
record SourceId(String hostname, String stDev, String stIno, String filepath) {
    @Override
    public String toString() {
        return hostname + ":" + filepath + (stDev.isEmpty() && stIno.isEmpty() ? "" : " (dev " + stDev + ", ino " + stIno + ")");
    }
}
