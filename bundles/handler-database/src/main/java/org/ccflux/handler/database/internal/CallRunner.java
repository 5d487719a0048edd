package org.ccflux.handler.database.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.ccflux.api.CcSender;
import org.ccflux.api.InvalidMessageException;
import org.ccflux.api.MessageType;
import org.ccflux.api.RateLimitedLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one request on a worker thread, from body to reply: parse, check, borrow a connection, call, reply.
 * Never throws: every failure is counted, logged at a level that fits its cause, and answered with
 * {@code error.<request type>} unless {@code error-replies} is off.
 *
 * <p>Replies (reference §6.9, §2.5): {@code return = one|all} gives {@code reply.<request type>} with {@code data}
 * (rows as arrays; for {@code one} the first row or null), {@code rowcount}, {@code statusmessage}
 * ({@code SELECT <n>}, psycopg2's text for the {@code select} CC ran) and a truthy {@code ident} echoed;
 * {@code json} sends the first value of the first row (or {@code {}}) as the reply itself, with {@code req} set to
 * {@code reply.<request type>} when the function left it out (CC's send crashed then); {@code no} sends nothing.
 */
final class CallRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CallRunner.class);
    /** A {@code function} value longer than this is not echoed in error replies. */
    private static final int MAX_ECHOED_FUNCTION = 200;

    private final String name;
    private final CcSender sender;
    private final DbCounters counters;
    private final Supplier<DbConfig> config;
    private final Supplier<ConnectionPool> pool;
    private final RateLimitedLog refusedLog = new RateLimitedLog(LOG, 1000);
    private final RateLimitedLog connectionLog = new RateLimitedLog(LOG, 1000);
    private final RateLimitedLog overflowLog = new RateLimitedLog(LOG, 1000);
    private final RateLimitedLog internalLog = new RateLimitedLog(LOG, 1000);

    CallRunner(String name, CcSender sender, DbCounters counters, Supplier<DbConfig> config, Supplier<ConnectionPool> pool) {
        this.name = name;
        this.sender = sender;
        this.counters = counters;
        this.config = config;
        this.pool = pool;
    }

    /** Runs the request in {@code message} under the configuration current now. */
    void run(CcMessage message) {
        DbConfig cfg = config.get(); // one snapshot per call: a reconfiguration applies to calls not yet started
        JsonNode body = null;
        try {
            body = body(message);
            CallRequest request = CallRequest.parse(body, cfg.allowed);
            FunctionCall.Outcome outcome = call(request, cfg.maxRows);
            ObjectNode reply = reply(message, body, request, outcome);
            counters.increment(counters.ok);
            if (reply != null) {
                send(message, reply);
            }
        } catch (CallFailure f) {
            refuse(message, f);
            answer(message, body, f, cfg);
        } catch (RuntimeException e) {
            internalLog.warn("db {}: call of {} failed unexpectedly: {}", name, message.type(), e.toString());
            LOG.debug("db {}: unexpected failure detail", name, e);
            CallFailure f = new CallFailure(Reason.INTERNAL, "internal error: " + e.getClass().getSimpleName());
            refuse(message, f);
            answer(message, body, f, cfg);
        }
    }

    /** Counts and logs a failed call (cheap: also used on the socket thread for overflows). */
    void refuse(CcMessage message, CallFailure f) {
        counters.failed(f.reason);
        switch (f.reason) {
            case NOT_ALLOWED:
            case BAD_FUNCTION:
                refusedLog.warn("db {}: refused {}: {}", name, message.type(), f.getMessage());
                break;
            case NO_CONNECTION:
            case CONNECTION_LOST:
                connectionLog.warn("db {}: {} failed: {}", name, message.type(), f.getMessage());
                break;
            case OVERFLOW:
                overflowLog.warn("db {}: queue full, refusing {}", name, message.type());
                break;
            default:
                LOG.debug("db {}: {} failed: {} {}", name, message.type(), f.reason.code, f.getMessage());
        }
    }

    /** Sends the {@code error.<type>} reply for a counted failure, unless error replies are off. */
    void answer(CcMessage message, JsonNode parsedBody, CallFailure f, DbConfig cfg) {
        if (!cfg.errorReplies) {
            return;
        }
        JsonNode body = parsedBody;
        if (body == null) {
            try {
                body = message.json();
            } catch (InvalidMessageException e) {
                body = null; // answered without ident and function
            }
        }
        String type = "error." + message.type();
        ObjectNode error = CcJson.header(MessageType.isValid(type) ? type : "error");
        error.put("msg", f.getMessage());
        error.put("reason", f.reason.code);
        String function = CallRequest.functionText(body);
        if (function != null && function.length() <= MAX_ECHOED_FUNCTION) {
            error.put("function", function);
        }
        if (f.sqlState != null) {
            error.put("sqlstate", f.sqlState);
        }
        JsonNode ident = CallRequest.ident(body);
        if (ident != null) {
            error.set("ident", ident);
        }
        send(message, error);
    }

    private static JsonNode body(CcMessage message) throws CallFailure {
        try {
            return message.json();
        } catch (InvalidMessageException e) {
            throw new CallFailure(Reason.BAD_REQUEST, "the body is not JSON");
        }
    }

    private FunctionCall.Outcome call(CallRequest request, int maxRows) throws CallFailure {
        ConnectionPool p;
        Connection c;
        while (true) {
            p = pool.get();
            try {
                c = p.borrow();
                break;
            } catch (CallFailure f) {
                if (f.reason != Reason.SHUTDOWN || pool.get() == p) {
                    throw f;
                }
                // A new db retired this pool between reading and borrowing: use the new one.
            }
        }
        boolean broken = false;
        try {
            return FunctionCall.run(c, request, maxRows);
        } catch (SQLException e) {
            broken = Sql.breaksConnection(e, c);
            throw Sql.failure(e, broken);
        } catch (RuntimeException | Error e) {
            broken = true; // state unknown: do not hand it to the next call
            throw e;
        } finally {
            p.release(c, broken);
        }
    }

    private static ObjectNode reply(CcMessage message, JsonNode body, CallRequest request, FunctionCall.Outcome outcome)
            throws CallFailure {
        switch (request.mode) {
            case NO:
                return null;
            case JSON:
                return jsonReply(message, outcome.firstText);
            default:
                ObjectNode reply = CcJson.header("reply." + message.type());
                if (request.mode == CallRequest.Mode.ONE) {
                    reply.set("data", outcome.rows.isEmpty() ? null : outcome.rows.get(0));
                } else {
                    reply.set("data", outcome.rows);
                }
                reply.put("rowcount", outcome.rowCount);
                reply.put("statusmessage", "SELECT " + outcome.rowCount);
                JsonNode ident = CallRequest.ident(body);
                if (ident != null) {
                    reply.set("ident", ident);
                }
                return reply;
        }
    }

    private static ObjectNode jsonReply(CcMessage message, String text) throws CallFailure {
        JsonNode parsed;
        try {
            parsed = CcJson.MAPPER.readTree(text == null ? "{}" : text);
        } catch (JsonProcessingException e) {
            throw new CallFailure(Reason.BAD_RESULT, "return=json: the function's result is not JSON");
        }
        if (parsed == null || !parsed.isObject()) {
            throw new CallFailure(Reason.BAD_RESULT, "return=json: the function's result is not a JSON object");
        }
        ObjectNode reply = (ObjectNode) parsed;
        JsonNode req = reply.get("req");
        if (req == null || req.isNull()) {
            reply.put("req", "reply." + message.type());
        } else if (!req.isTextual() || !MessageType.isValid(req.textValue())) {
            throw new CallFailure(Reason.BAD_RESULT, "return=json: the result's req is not a valid message type");
        }
        return reply;
    }

    private void send(CcMessage request, ObjectNode body) {
        boolean sent;
        try {
            sent = sender.reply(request, body);
        } catch (RuntimeException e) {
            // "reply." + a 250-character type is too long to be a type; sealing may fail too. Never kill the worker.
            LOG.debug("db {}: reply to {} failed: {}", name, request.type(), e.toString());
            sent = false;
        }
        if (!sent) {
            counters.increment(counters.replyDropped);
            LOG.debug("db {}: reply to {} dropped", name, request.type());
        }
    }
}
