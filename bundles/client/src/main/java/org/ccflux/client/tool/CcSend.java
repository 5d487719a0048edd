package org.ccflux.client.tool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.ccflux.api.MessageType;
import org.ccflux.client.CcClient;
import org.ccflux.client.ClientOptions;
import org.ccflux.crypto.CryptoOptions;
import org.ccflux.crypto.CurveOptions;

/** {@code ccsend}: sends one CC message, optionally waits for the reply. Like CC's {@code bin/testmsg.py}. */
public final class CcSend {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String HELP = String.join(System.lineSeparator(),
            "usage: ccsend [-c ENDPOINT] [-w] [-t SECONDS] [--blob FILE] [-q] TYPE [JSON | @FILE | -]",
            "       ccsend [-c ENDPOINT] [-w] [-t SECONDS] [-q] --sample NAME [JSON | @FILE | -]",
            "",
            "Sends one CC message ['', TYPE, JSON, ''] to a CC server. A body without \"req\" gets the standard",
            "header (req, time, hostname, blob_hash); a body with \"req\" is sent as given, and req must be TYPE.",
            "",
            "  -c, --connect ENDPOINT  server endpoint (default " + Args.DEFAULT_ENDPOINT + ")",
            "  -w, --wait              wait for one reply and print it as: TYPE JSON",
            "  -t, --timeout SECONDS   how long to wait for the reply, or without -w for the message to leave (default 5)",
            "      --blob FILE         send FILE's bytes as the blob frame",
            "      --sample NAME       a testmsg.py sample: " + String.join(", ", Samples.NAMES)
                    + "; JSON fields override the sample's",
            "  -o, --option NAME=VALUE a cms-* or curve-* option, as in the server's configuration: sign, encrypt,",
            "                          verify the reply, encrypt the connection (e.g. -o cms-keystore=keys -o cms-sign=alice)",
            "  -q, --quiet             print nothing but errors",
            "  -h, --help              this text",
            "",
            "Exit status: 0 sent (and answered), 1 no reply in time, error reply or send failed, 2 usage error.",
            "");

    private CcSend() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs ccsend with stdin as {@code -}'s input. @return the exit status */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, System.in, out, err);
    }

    static int run(String[] argv, InputStream stdin, PrintStream out, PrintStream err) {
        Args args;
        try {
            args = Args.parse(argv);
            if (args.help) {
                out.print(HELP);
                return OK;
            }
            Draft draft = draft(args, stdin); // a bad message is refused before connecting
            try (CcClient client = connect(args)) {
                CcMessage message = client.create(draft.type, draft.body, draft.blob);
                return args.wait ? request(client, args, message, out, err) : send(client, args, message, out, err);
            }
        } catch (UsageException e) {
            err.println("ccsend: " + e.getMessage());
            err.println("Try 'ccsend --help'.");
            return USAGE;
        }
    }

    private static int send(CcClient client, Args args, CcMessage message, PrintStream out, PrintStream err) {
        if (!client.send(message)) {
            err.println("ccsend: " + message.type() + " was not sent (queue full)");
            return FAILED;
        }
        client.close(); // returns once the message is out, or after the linger (= the timeout)
        if (!args.quiet) {
            out.println(message.type() + " " + message.bodyText());
        }
        return OK;
    }

    private static int request(CcClient client, Args args, CcMessage message, PrintStream out, PrintStream err) {
        CcMessage reply;
        try {
            reply = client.request(message, args.timeout).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException) {
                err.println("ccsend: no reply to " + message.type() + " from " + args.endpoint + " within "
                        + seconds(args) + " s");
            } else {
                err.println("ccsend: " + e.getCause().getMessage());
            }
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("ccsend: interrupted");
            return FAILED;
        }
        // CC's client library treats any type whose first component is "error" as an error (reference §2.5).
        boolean error = reply.type().equals("error") || reply.type().startsWith("error.");
        if (!args.quiet || error) {
            (args.quiet ? err : out).println(reply.type() + " " + reply.bodyText());
        }
        return error ? FAILED : OK;
    }

    private static CcClient connect(Args args) throws UsageException {
        // Without -w, closing waits up to the timeout for the message to leave; with -w the reply proves it left.
        int linger = args.wait ? 0 : (int) Math.min(args.timeout.toMillis(), Integer.MAX_VALUE);
        try {
            return CcClient.connect(args.endpoint, ClientOptions.defaults().withLingerMillis(linger)
                    .withCrypto(CryptoOptions.parse(args.options)).withCurve(CurveOptions.parse(args.options)));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** A message's parts, checked; the client seals them by its cms-* options. */
    record Draft(String type, ObjectNode body, byte[] blob) {
    }

    /** Builds the message from a sample or TYPE and body, and the blob; reads files and stdin. */
    static Draft draft(Args args, InputStream stdin) throws UsageException {
        String type;
        ObjectNode header;
        if (args.sample != null) {
            Samples.Sample sample = Samples.get(args.sample, args.endpoint);
            type = sample.type();
            header = sample.body();
        } else {
            type = args.type;
            if (!MessageType.isValid(type)) {
                throw new UsageException("invalid message type '" + type + "'");
            }
            header = CcJson.header(type);
        }
        ObjectNode body = body(args.body, stdin);
        if (body == null) {
            body = header;
        } else if (args.sample != null || !body.has("req")) {
            body = header.setAll(body); // the user's fields win; CcClient.message checks req
        }
        byte[] blob = args.blob == null ? null : read(args.blob);
        try {
            CcClient.message(type, body, blob); // checks type and req
            return new Draft(type, body, blob);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static ObjectNode body(String arg, InputStream stdin) throws UsageException {
        if (arg == null) {
            return null;
        }
        String source;
        String text;
        if (arg.equals("-")) {
            source = "stdin";
            try {
                text = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UsageException("cannot read stdin: " + e.getMessage());
            }
        } else if (arg.startsWith("@")) {
            Path file = Path.of(arg.substring(1));
            source = file.toString();
            text = new String(read(file), StandardCharsets.UTF_8);
        } else {
            source = "the JSON argument";
            text = arg;
        }
        JsonNode json;
        try {
            json = CcJson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UsageException("invalid JSON in " + source + ": " + e.getOriginalMessage());
        }
        if (json == null || !json.isObject()) {
            throw new UsageException("the body in " + source + " must be a JSON object");
        }
        return (ObjectNode) json;
    }

    private static byte[] read(Path file) throws UsageException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null || e.getMessage().equals(file.toString()) ? "" : " " + e.getMessage()));
        }
    }

    private static String seconds(Args args) {
        return BigDecimal.valueOf(args.timeout.toMillis(), 3).stripTrailingZeros().toPlainString();
    }
}
