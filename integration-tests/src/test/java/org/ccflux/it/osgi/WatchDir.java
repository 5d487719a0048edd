package org.ccflux.it.osgi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;

/** The directory FileInstall watches in these tests: .cfg files and bundle jars written and removed live. */
final class WatchDir {
    private final Path dir = Paths.get(System.getProperty(CcfluxOptions.WATCH_DIR));

    void write(String name, String content) {
        try {
            // Write next to it and move, so FileInstall never sees half a file.
            Path tmp = Files.writeString(dir.resolve(name + ".tmp-write"), content);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void copy(Path from, String name) {
        try {
            Files.copy(from, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void delete(String name) {
        try {
            Files.deleteIfExists(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
