package org.ccflux.handler.infowriter.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.ThreadLocalRandom;
import org.ccflux.handler.files.PathGuard;
import org.ccflux.handler.files.Rejected;

/**
 * How an info file is written (reference §6.10 steps 6-7, §10.3): atomically replaced, with the sender's mtime and
 * an optional backup. The destination comes from {@link org.ccflux.handler.files.FileOptions#destination}; the
 * directories on the way and the file itself are checked with {@link PathGuard}, so a symbolic link cannot lead out
 * of {@code dstdir}.
 *
 * <p>Assumes one writer per destination at a time (the handler's lanes guarantee it).
 */
final class FileStore {
    enum Outcome { WRITTEN, SKIPPED }

    private FileStore() {
    }

    /**
     * Writes {@code content} to {@code target} atomically: a new file in the same directory, its times set to
     * {@code mtime}, the current file hard-linked to {@code <target><bakext>} if a backup is asked for, then a
     * rename over {@code target}. Readers see the old content or the new one, never a part.
     *
     * @return {@link Outcome#SKIPPED} if {@code target} already has an mtime at or after {@code mtime}
     * @throws Rejected refused if a directory on the way leads outside {@code dstdir}, or {@code target} is a link
     * @throws IOException the write failed; {@code target} is unchanged
     */
    static Outcome write(InfoWriterConfig config, Path target, FileTime mtime, byte[] content) throws Rejected, IOException {
        Path dir = target.getParent();
        PathGuard.ensureDirectories(config.files.dstdir(), dir);
        BasicFileAttributes existing = PathGuard.existingFile(target);
        if (existing != null && existing.lastModifiedTime().compareTo(mtime) >= 0) {
            return Outcome.SKIPPED;
        }
        // A fresh, unique name: never a file someone sent, never a leftover, never a link (CREATE_NEW is O_EXCL).
        Path tmp = dir.resolve(".infowriter." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                out.write(content);
            }
            Files.getFileAttributeView(tmp, BasicFileAttributeView.class).setTimes(mtime, mtime, null);
            if (existing != null && !config.bakext.isEmpty()) {
                backup(target, target.resolveSibling(target.getFileName() + config.bakext));
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the original failure is what matters
            }
            throw e;
        }
        return Outcome.WRITTEN;
    }

    /** CC's backup: the current file hard-linked to the backup name (a copy where links are not supported). */
    private static void backup(Path current, Path backup) throws IOException {
        Files.deleteIfExists(backup);
        try {
            Files.createLink(backup, current);
        } catch (NoSuchFileException e) {
            // the current file is gone: nothing to keep
        } catch (UnsupportedOperationException | FileSystemException e) {
            Files.copy(current, backup, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES,
                    LinkOption.NOFOLLOW_LINKS);
        }
    }
}
