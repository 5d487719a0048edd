package org.ccflux.handler.database.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.regex.Pattern;
import org.ccflux.api.CcJson;

/**
 * A {@code db} request body (reference §6.9): {@code function}, {@code params} (array, object, or JSON text of
 * either; default {@code []}), {@code return} ({@code no}/absent/empty, {@code one}, {@code all}, {@code json}) and
 * {@code ident} (echoed when truthy). Everything is checked here, before any SQL runs: CC ran the function first
 * and only then crashed on an unknown {@code return}.
 */
final class CallRequest {
    enum Mode { NO, ONE, ALL, JSON }

    /** PostgreSQL's FUNC_MAX_ARGS. */
    static final int MAX_PARAMS = 100;
    private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z0-9_]{1,63}");

    final FunctionName function;
    /** An array (positional) or an object (named notation, in the order given). */
    final JsonNode params;
    final Mode mode;

    private CallRequest(FunctionName function, JsonNode params, Mode mode) {
        this.function = function;
        this.params = params;
        this.mode = mode;
    }

    /** @return {@code ident} if the body has a truthy one (as Python tests it), else null */
    static JsonNode ident(JsonNode body) {
        JsonNode ident = body == null ? null : body.get("ident");
        if (ident == null || ident.isNull() || ident.isMissingNode()) {
            return null;
        }
        boolean truthy = ident.isBoolean() ? ident.booleanValue()
                : ident.isNumber() ? ident.decimalValue().signum() != 0
                : ident.isTextual() ? !ident.textValue().isEmpty()
                : ident.size() > 0;
        return truthy ? ident : null;
    }

    /** @return the {@code function} text as sent, for error replies; null if there is none */
    static String functionText(JsonNode body) {
        JsonNode f = body == null ? null : body.get("function");
        return f != null && f.isTextual() ? f.textValue() : null;
    }

    static CallRequest parse(JsonNode body, AllowedFunctions allowed) throws CallFailure {
        if (body == null || !body.isObject()) {
            throw new CallFailure(Reason.BAD_REQUEST, "the body must be a JSON object");
        }
        String text = functionText(body);
        if (text == null) {
            throw new CallFailure(Reason.BAD_REQUEST, "function is required: the name of the function to call");
        }
        FunctionName function;
        try {
            function = FunctionName.parse(text);
        } catch (IllegalArgumentException e) {
            throw new CallFailure(Reason.BAD_FUNCTION, e.getMessage());
        }
        if (!allowed.allows(function)) {
            throw new CallFailure(Reason.NOT_ALLOWED, "function " + function + " is not allowed");
        }
        return new CallRequest(function, params(body.get("params")), mode(body.get("return")));
    }

    private static Mode mode(JsonNode value) throws CallFailure {
        if (value == null || value.isNull()) {
            return Mode.NO;
        }
        if (value.isTextual()) {
            switch (value.textValue().toLowerCase(Locale.ROOT)) {
                case "":
                case "no":
                    return Mode.NO;
                case "one":
                    return Mode.ONE;
                case "all":
                    return Mode.ALL;
                case "json":
                    return Mode.JSON;
                default:
                    break;
            }
        }
        throw new CallFailure(Reason.BAD_REQUEST, "return must be one of no, one, all, json");
    }

    private static JsonNode params(JsonNode value) throws CallFailure {
        if (value == null || value.isNull()) {
            return CcJson.MAPPER.createArrayNode();
        }
        JsonNode params = value;
        if (value.isTextual()) { // pg_logforward sends params as JSON text
            try {
                params = CcJson.MAPPER.readTree(value.textValue());
            } catch (JsonProcessingException e) {
                throw new CallFailure(Reason.BAD_PARAMS, "params is a string but not JSON text");
            }
        }
        if (params == null || !(params.isArray() || params.isObject())) {
            throw new CallFailure(Reason.BAD_PARAMS, "params must be an array (positional) or an object (named)");
        }
        if (params.size() > MAX_PARAMS) {
            throw new CallFailure(Reason.BAD_PARAMS, "params has " + params.size() + " values; a function takes at most " + MAX_PARAMS);
        }
        if (params.isObject()) {
            for (Iterator<String> names = params.fieldNames(); names.hasNext();) {
                if (!PARAM_NAME.matcher(names.next()).matches()) {
                    throw new CallFailure(Reason.BAD_PARAMS, "named parameters must be made of letters, digits and _");
                }
            }
        }
        return params;
    }
}
