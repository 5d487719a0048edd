package org.ccflux.handler.database.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Iterator;
import java.util.Map;

/**
 * One function call as CC made it: {@code select "schema"."name"(?, ?)}, or with an object of parameters
 * {@code select "schema"."name"(a := ?, b := ?)}, in autocommit mode. Only the validated, quoted function name and
 * validated parameter names become SQL text; every value is a bind parameter. Values are bound the way psycopg2
 * wrote them as literals, so PostgreSQL resolves the same function: integers as integer/bigint, other numbers as
 * numeric, booleans as boolean, strings and nested arrays/objects (as JSON text) untyped, null as an untyped null.
 */
final class FunctionCall {
    /** What a call produced: the rows read (for one/all), their count, or the first value as text (for json). */
    static final class Outcome {
        final ArrayNode rows;
        final int rowCount;
        final String firstText;

        Outcome(ArrayNode rows, int rowCount, String firstText) {
            this.rows = rows;
            this.rowCount = rowCount;
            this.firstText = firstText;
        }
    }

    private FunctionCall() {
    }

    static String sql(CallRequest request) {
        StringBuilder sql = new StringBuilder("select ").append(request.function.sql()).append('(');
        int i = 0;
        if (request.params.isObject()) {
            for (Iterator<String> names = request.params.fieldNames(); names.hasNext(); i++) {
                sql.append(i == 0 ? "" : ", ").append(names.next()).append(" := ?");
            }
        } else {
            for (; i < request.params.size(); i++) {
                sql.append(i == 0 ? "?" : ", ?");
            }
        }
        return sql.append(')').toString();
    }

    /**
     * @param maxRows for {@code one} and {@code all}: more rows than this fail with {@code too-many-rows}; 0: no limit
     */
    static Outcome run(Connection connection, CallRequest request, int maxRows) throws SQLException, CallFailure {
        try (PreparedStatement ps = connection.prepareStatement(sql(request))) {
            bind(ps, request.params);
            boolean limited = maxRows > 0 && (request.mode == CallRequest.Mode.ONE || request.mode == CallRequest.Mode.ALL);
            if (limited) {
                ps.setMaxRows(maxRows + 1);
            }
            try (ResultSet rs = ps.executeQuery()) {
                switch (request.mode) {
                    case NO:
                        return new Outcome(null, 0, null);
                    case JSON:
                        return new Outcome(null, 0, rs.next() ? rs.getString(1) : null);
                    default:
                        return rows(rs, request.mode == CallRequest.Mode.ONE, limited ? maxRows : Integer.MAX_VALUE);
                }
            }
        }
    }

    private static Outcome rows(ResultSet rs, boolean firstOnly, int maxRows) throws SQLException, CallFailure {
        ResultSetMetaData md = rs.getMetaData();
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        int count = 0;
        while (rs.next()) {
            if (++count > maxRows) {
                throw new CallFailure(Reason.TOO_MANY_ROWS, "the result has more than " + maxRows + " rows (max-rows)");
            }
            if (!firstOnly || count == 1) {
                rows.add(Columns.row(rs, md));
            }
        }
        return new Outcome(rows, count, null);
    }

    static void bind(PreparedStatement ps, JsonNode params) throws SQLException {
        int index = 1;
        if (params.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext();) {
                bind(ps, index++, it.next().getValue());
            }
        } else {
            for (JsonNode value : params) {
                bind(ps, index++, value);
            }
        }
    }

    private static void bind(PreparedStatement ps, int index, JsonNode value) throws SQLException {
        if (value == null || value.isNull()) {
            ps.setNull(index, Types.NULL); // untyped, like psycopg2's NULL literal
        } else if (value.isBoolean()) {
            ps.setBoolean(index, value.booleanValue());
        } else if (value.isIntegralNumber()) {
            if (value.canConvertToInt()) {
                ps.setInt(index, value.intValue());
            } else if (value.canConvertToLong()) {
                ps.setLong(index, value.longValue());
            } else {
                ps.setBigDecimal(index, new BigDecimal(value.bigIntegerValue()));
            }
        } else if (value.isNumber()) {
            ps.setBigDecimal(index, value.decimalValue());
        } else if (value.isTextual()) {
            ps.setString(index, value.textValue()); // stringtype=unspecified: untyped, like a quoted literal
        } else {
            ps.setString(index, value.toString()); // an array or object: its JSON text, for json, jsonb or text parameters
        }
    }
}
