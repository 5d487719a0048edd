package org.ccflux.it;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * The distribution's {@code boot/} and {@code bundle/} hold exactly the bundles the bnd resolver computed for
 * {@code features/ccflux-server.bndrun}: nothing missing (it would fail at run time), nothing extra.
 */
public class ShippedBundlesIT {
    private static final Pattern RUNBUNDLE = Pattern.compile("^\\s*([A-Za-z0-9_.-]+);version=", Pattern.MULTILINE);

    @Test
    public void bundleFolderMatchesTheResolvedFeature() throws IOException {
        Path bndrun = Paths.get(System.getProperty("ccflux.dist.dir"), "..", "..", "..", "features", "ccflux-server.bndrun");
        String text = Files.readString(bndrun);
        Set<String> resolved = new TreeSet<>();
        Matcher m = RUNBUNDLE.matcher(text.substring(text.indexOf("-runbundles:")));
        while (m.find()) {
            resolved.add(m.group(1));
        }
        Set<String> shipped = new TreeSet<>();
        for (String folder : new String[] {"boot", "bundle"}) {
            try (Stream<Path> jars = Files.list(Paths.get(System.getProperty("ccflux.dist.dir"), folder))) {
                for (Path jar : (Iterable<Path>) jars::iterator) {
                    try (JarFile j = new JarFile(jar.toFile())) {
                        shipped.add(j.getManifest().getMainAttributes().getValue("Bundle-SymbolicName").split(";")[0].trim());
                    }
                }
            }
        }
        assertEquals("bundle/ vs -runbundles of " + bndrun.normalize(), resolved, shipped);
    }
}
