package org.ccflux.handler.database.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import org.ccflux.api.CcJson;

/**
 * Column values as JSON, for every type (CC crashed on anything {@code json.dumps} could not write, such as
 * numeric or timestamps): booleans and numbers as JSON booleans and numbers (exact: numeric and float text is
 * read as a decimal, {@code NaN}/{@code Infinity} stay text), {@code json}/{@code jsonb} parsed, arrays of those as
 * JSON arrays, and everything else as PostgreSQL's text form (timestamps, uuid, bytea as {@code \x…}, records).
 */
final class Columns {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Columns() {
    }

    /** @return the current row as a JSON array, one element per column (psycopg2's tuple) */
    static ArrayNode row(ResultSet rs, ResultSetMetaData md) throws SQLException {
        ArrayNode row = NODES.arrayNode(md.getColumnCount());
        for (int col = 1; col <= md.getColumnCount(); col++) {
            row.add(value(rs, col, md.getColumnType(col), md.getColumnTypeName(col)));
        }
        return row;
    }

    static JsonNode value(ResultSet rs, int col, int sqlType, String typeName) throws SQLException {
        switch (sqlType) {
            case Types.BIT:
            case Types.BOOLEAN: {
                boolean b = rs.getBoolean(col);
                return rs.wasNull() ? NODES.nullNode() : NODES.booleanNode(b);
            }
            case Types.SMALLINT:
            case Types.INTEGER:
            case Types.BIGINT: {
                long n = rs.getLong(col);
                return rs.wasNull() ? NODES.nullNode() : NODES.numberNode(n);
            }
            case Types.NUMERIC:
            case Types.DECIMAL:
            case Types.REAL:
            case Types.FLOAT:
            case Types.DOUBLE:
                return number(rs.getString(col));
            case Types.ARRAY:
                return array(rs, col);
            default: {
                String text = rs.getString(col);
                if (text == null) {
                    return NODES.nullNode();
                }
                return "json".equals(typeName) || "jsonb".equals(typeName) ? json(text) : NODES.textNode(text);
            }
        }
    }

    private static JsonNode number(String text) {
        if (text == null) {
            return NODES.nullNode();
        }
        try {
            return NODES.numberNode(new BigDecimal(text));
        } catch (NumberFormatException e) {
            return NODES.textNode(text); // NaN, Infinity, -Infinity: JSON has no such numbers
        }
    }

    private static JsonNode json(String text) {
        try {
            return CcJson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return NODES.textNode(text);
        }
    }

    private static JsonNode array(ResultSet rs, int col) throws SQLException {
        Array a = rs.getArray(col);
        if (a == null) {
            return NODES.nullNode();
        }
        try {
            JsonNode converted = element(a.getArray());
            return converted != null ? converted : NODES.textNode(rs.getString(col));
        } finally {
            a.free();
        }
    }

    /** @return the element as JSON, or null if it (or something inside it) has no natural JSON form */
    private static JsonNode element(Object o) {
        if (o == null) {
            return NODES.nullNode();
        }
        if (o instanceof Object[]) {
            ArrayNode out = NODES.arrayNode();
            for (Object e : (Object[]) o) {
                JsonNode j = element(e);
                if (j == null) {
                    return null;
                }
                out.add(j);
            }
            return out;
        }
        if (o instanceof Boolean) {
            return NODES.booleanNode((Boolean) o);
        }
        if (o instanceof Short || o instanceof Integer || o instanceof Long) {
            return NODES.numberNode(((Number) o).longValue());
        }
        if (o instanceof BigDecimal || o instanceof Float || o instanceof Double) {
            return number(o.toString());
        }
        if (o instanceof String) {
            return NODES.textNode((String) o);
        }
        return null;
    }
}
