package org.ccflux.handler.infowriter.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where an info file goes and how it is written (reference §6.10 steps 3-7, §10.3), with CC's containment bug
 * (§12.5) fixed: paths are compared component by component after normalisation, on absolute paths, and the
 * directories on the way are checked on disk so that a symbolic link cannot lead out of {@code dstdir}.
 *
 * <p>Assumes one writer per destination at a time (the handler's lanes guarantee it) and that nobody but
 * this handler creates links inside {@code dstdir} while it runs: the on-disk check and the write are not
 * one atomic step.
 */
final class FileStore {
    enum Outcome { WRITTEN, SKIPPED }

    private FileStore() {
    }

    /**
     * The destination of {@code file} under {@code config}: {@code dstmask} filled in, the compressed-file
     * extension appended, normalised, and strictly inside {@code dstdir} by whole components (so
     * {@code /srv/info} does not contain {@code /srv/infoX/…}). Pure: touches no file.
     *
     * @throws Rejected refused if the path is absolute, not a valid path, or escapes {@code dstdir}
     */
    static Path target(InfoWriterConfig config, InfoFile file) throws Rejected {
        String extension = config.writeMode == InfoWriterConfig.WriteMode.KEEP ? file.comp.extension
                : config.writeMode == InfoWriterConfig.WriteMode.COMPRESS ? config.compression.extension : "";
        String relative = config.mask.apply(file.hostname, file.filepath, file.filename) + extension;
        Path path;
        try {
            path = Paths.get(relative);
        } catch (InvalidPathException e) {
            throw Rejected.refused("not a valid path (" + e.getReason() + ")");
        }
        if (path.isAbsolute()) {
            throw Rejected.refused("absolute path " + relative);
        }
        Path target = config.dstdir.resolve(path).normalize();
        if (!target.startsWith(config.dstdir) || target.equals(config.dstdir)) {
            throw Rejected.refused(relative + " leads outside dstdir (to " + target + ")");
        }
        return target;
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
        ensureDirectories(config.dstdir, dir);
        BasicFileAttributes existing = attributes(target);
        if (existing != null) {
            if (existing.isSymbolicLink()) {
                throw Rejected.refused("destination " + target + " is a symbolic link");
            }
            if (!existing.isRegularFile()) {
                throw new FileSystemException(target.toString(), null, "destination exists and is not a regular file");
            }
            if (existing.lastModifiedTime().compareTo(mtime) >= 0) {
                return Outcome.SKIPPED;
            }
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

    /**
     * Creates the missing directories from {@code root} down to {@code dir}, one component at a time, and
     * checks each one's real path: an existing symbolic link that leads outside {@code root} is refused before
     * anything is created through it.
     */
    private static void ensureDirectories(Path root, Path dir) throws IOException, Rejected {
        Files.createDirectories(root);
        Path realRoot = root.toRealPath();
        Path current = root;
        for (Path part : root.relativize(dir)) {
            if (part.toString().isEmpty()) {
                continue; // dir == root
            }
            current = current.resolve(part);
            try {
                Files.createDirectory(current);
            } catch (FileAlreadyExistsException e) {
                // a directory, a link or a file: the real path decides
            }
            Path real = current.toRealPath();
            if (!real.startsWith(realRoot)) {
                throw Rejected.refused("symbolic link " + current + " leads outside dstdir (to " + real + ")");
            }
            if (!Files.isDirectory(real)) {
                throw new NotDirectoryException(current.toString());
            }
        }
    }

    private static BasicFileAttributes attributes(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
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
