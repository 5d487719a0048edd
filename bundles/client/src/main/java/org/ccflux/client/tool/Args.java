package org.ccflux.client.tool;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parsed command line of ccsend; no files are read here. */
final class Args {
    static final String DEFAULT_ENDPOINT = "tcp://127.0.0.1:10000";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    String endpoint = DEFAULT_ENDPOINT;
    boolean wait;
    boolean quiet;
    boolean help;
    Duration timeout = DEFAULT_TIMEOUT;
    Path blob;
    String sample;
    String type;
    /** JSON text, {@code @FILE}, {@code -} for stdin, or null. */
    String body;
    /** {@code -o NAME=VALUE}: the {@code cms-*} and {@code curve-*} options, as in a server's configuration. */
    final Map<String, String> options = new LinkedHashMap<>();

    static Args parse(String[] argv) throws UsageException {
        Args a = new Args();
        List<String> positional = new ArrayList<>();
        boolean options = true;
        for (int i = 0; i < argv.length; i++) {
            String arg = argv[i];
            if (!options || !arg.startsWith("-") || arg.equals("-")) {
                positional.add(arg);
                continue;
            }
            switch (arg) {
                case "--" -> options = false;
                case "-h", "--help" -> a.help = true;
                case "-w", "--wait" -> a.wait = true;
                case "-q", "--quiet" -> a.quiet = true;
                case "-c", "--connect" -> a.endpoint = value(argv, ++i, arg);
                case "-t", "--timeout" -> a.timeout = seconds(value(argv, ++i, arg));
                case "--blob" -> a.blob = Path.of(value(argv, ++i, arg));
                case "--sample" -> a.sample = value(argv, ++i, arg);
                case "-o", "--option" -> a.option(value(argv, ++i, arg));
                default -> throw new UsageException("unknown option " + arg);
            }
        }
        if (a.help) {
            return a;
        }
        if (a.sample == null) {
            if (positional.isEmpty()) {
                throw new UsageException("TYPE or --sample NAME is required");
            }
            a.type = positional.remove(0);
        } else if (a.blob != null) {
            throw new UsageException("--blob does not go with --sample");
        }
        if (positional.size() > 1) {
            throw new UsageException("unexpected argument '" + positional.get(1) + "'");
        }
        a.body = positional.isEmpty() ? null : positional.get(0);
        return a;
    }

    private void option(String assignment) throws UsageException {
        int eq = assignment.indexOf('=');
        String name = eq < 0 ? assignment : assignment.substring(0, eq).trim();
        if (eq < 0 || !(name.startsWith("cms-") || name.startsWith("curve-"))) {
            throw new UsageException("-o takes cms-NAME=VALUE or curve-NAME=VALUE, was '" + assignment + "'");
        }
        options.put(name, assignment.substring(eq + 1).trim());
    }

    private static String value(String[] argv, int i, String option) throws UsageException {
        if (i >= argv.length) {
            throw new UsageException(option + " needs a value");
        }
        return argv[i];
    }

    private static Duration seconds(String text) throws UsageException {
        try {
            BigDecimal s = new BigDecimal(text);
            if (s.signum() > 0) {
                Duration d = Duration.ofMillis(s.movePointRight(3).longValue());
                if (!d.isZero()) {
                    return d;
                }
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below, with the option's name
        }
        throw new UsageException("--timeout must be a positive number of seconds, was '" + text + "'");
    }
}
