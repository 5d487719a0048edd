package org.ccflux.handler.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Containment of destinations in {@code dstdir}, with CC's bug fixed (§12.5: a string-prefix comparison, so a
 * relative {@code dstdir} refused every file and {@code /srv/info} accepted {@code /srv/infoX/…}): normalised
 * absolute paths are compared component by component ({@link #inside}), then each directory on the way is checked
 * by its real path on disk as it is created ({@link #ensureDirectories}), and the destination itself must not be
 * a symbolic link ({@link #existingFile}). So neither {@code ..} nor a link leads out.
 *
 * <p>Assumes that nobody but the handler creates links inside {@code dstdir} while it runs: a check and the write
 * that follows it are not one atomic step.
 *
 * @since 1.0
 */
public final class PathGuard {
    private PathGuard() {
    }

    /**
     * {@code relative} resolved under {@code root} and normalised. Pure: touches no file.
     *
     * @param root absolute and normalised (as {@link FileOptions#dstdir()} is)
     * @throws Rejected refused if {@code relative} is absolute, not a valid path (a NUL character), or not strictly
     *         inside {@code root} by whole components
     */
    public static Path inside(Path root, String relative) throws Rejected {
        Path path;
        try {
            path = Paths.get(relative);
        } catch (InvalidPathException e) {
            throw Rejected.refused("not a valid path (" + e.getReason() + ")");
        }
        if (path.isAbsolute()) {
            throw Rejected.refused("absolute path " + relative);
        }
        Path target = root.resolve(path).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw Rejected.refused(relative + " leads outside dstdir (to " + target + ")");
        }
        return target;
    }

    /**
     * Creates the missing directories from {@code root} down to {@code dir}, one component at a time, and checks
     * each one's real path: an existing symbolic link that leads outside {@code root} is refused before anything
     * is created through it. Links that stay inside are followed, and {@code root} itself may be a link.
     *
     * @param dir {@code root} or a directory below it (from {@link #inside})
     * @throws Rejected refused if a directory on the way leads outside {@code root}
     * @throws IOException if a directory cannot be created, or a component exists and is not a directory
     */
    public static void ensureDirectories(Path root, Path dir) throws IOException, Rejected {
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

    /**
     * What is at {@code target} now, not following links.
     *
     * @return the attributes of the regular file there, or null if there is nothing
     * @throws Rejected refused if {@code target} is a symbolic link (it is never written through)
     * @throws FileSystemException if it exists and is not a regular file (a directory, a device, …)
     */
    public static BasicFileAttributes existingFile(Path target) throws IOException, Rejected {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (a.isSymbolicLink()) {
            throw Rejected.refused("destination " + target + " is a symbolic link");
        }
        if (!a.isRegularFile()) {
            throw new FileSystemException(target.toString(), null, "destination exists and is not a regular file");
        }
        return a;
    }
}
