package org.ccflux.handler.database.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.ccflux.handler.database.testing.PostgresCluster;

/**
 * The test schema: an application role (password with a quote and a space, to exercise libpq quoting), a second
 * database {@code other}, and the functions the tests call, in schema {@code cc} (owned by the application role)
 * and {@code public}.
 */
final class Fixture {
    static final String APP_USER = "ccflux_app";
    static final String APP_PASSWORD = "app 'secret";
    static final String OTHER_DB = "other";
    /** The advisory lock {@code cc.wait_lock()} waits on while a test holds it. */
    static final long LOCK_KEY = 4242;

    private static final String FUNCTIONS = String.join("\n",
            "create table cc.calls (id serial primary key, note text);",
            "create function cc.whoami() returns text language sql as $$select current_database() || ':' || current_user$$;",
            "create function cc.add(a int, b int) returns int language sql as 'select a + b';",
            "create function cc.greet(name text, greeting text default 'Hello') returns text language sql"
                    + " as $$select greeting || ', ' || name$$;",
            "create function cc.series(n int) returns setof int language sql as 'select generate_series(1, n)';",
            "create function cc.record_call(note text) returns void language sql as $$insert into cc.calls(note) values (note)$$;",
            "create function cc.fail(msg text) returns int language plpgsql as"
                    + " $$begin raise exception using message = msg, errcode = 'P0001'; end$$;",
            "create function cc.divide(a int, b int) returns int language sql as 'select a / b';",
            // CC's sql/apiwrapper.sql example, in plpgsql: answers with the req the caller asked for.
            "create function cc.api(json_request text) returns text language plpgsql as"
                    + " $$begin return json_build_object('req', (json_request::json)->>'req', 'msg', 'Hello from DB')::text; end$$;",
            "create function cc.json_noreq() returns json language sql as $$select '{\"msg\": \"no req\"}'::json$$;",
            "create function cc.json_badreq() returns json language sql as $$select '{\"req\": \"not a type!\"}'::json$$;",
            "create function cc.json_array() returns json language sql as $$select '[1, 2]'::json$$;",
            "create function cc.json_none() returns setof json language sql as 'select null::json where false';",
            "create function cc.not_json() returns text language sql as $$select 'not json'$$;",
            "create function cc.echo_json(j jsonb) returns jsonb language sql as 'select j';",
            "create function cc.echo_numeric(n numeric) returns numeric language sql as 'select n';",
            "create function cc.is_null(x text) returns boolean language sql as 'select x is null';",
            "create function cc.negate(b boolean) returns boolean language sql as 'select not b';",
            "create function cc.t_numeric() returns numeric language sql as 'select 12345678901234567890.123456789::numeric';",
            "create function cc.t_float() returns float8 language sql as 'select 0.1::float8';",
            "create function cc.t_nan() returns float8 language sql as $$select 'NaN'::float8$$;",
            "create function cc.t_bigint() returns bigint language sql as 'select 9007199254740993::bigint';",
            "create function cc.t_jsonb() returns jsonb language sql as $$select '{\"a\": [1, 2, {\"b\": null}]}'::jsonb$$;",
            "create function cc.t_ints() returns int[] language sql as 'select array[1, 2, null, 3]';",
            "create function cc.t_texts() returns text[] language sql as $$select array[array['a', 'b'], array['c', 'd']]$$;",
            "create function cc.t_dates() returns date[] language sql as $$select array['2024-05-06'::date]$$;",
            "create function cc.t_date() returns date language sql as $$select '2024-05-06'::date$$;",
            "create function cc.t_bytea() returns bytea language sql as $$select '\\x0102ff'::bytea$$;",
            "create function cc.t_null() returns text language sql as 'select null::text';",
            "create function cc.t_void() returns void language sql as 'select';",
            "create function cc.t_record() returns record language sql as $$select 1, 'x'::text$$;",
            // Blocks while a test holds pg_advisory_lock(LOCK_KEY): shared, so several callers can wait at once.
            "create function cc.wait_lock() returns text language plpgsql as $$begin"
                    + " perform pg_advisory_lock_shared(" + LOCK_KEY + "); perform pg_advisory_unlock_shared(" + LOCK_KEY + ");"
                    + " return 'unlocked'; end$$;");

    private Fixture() {
    }

    static void install(PostgresCluster pg) throws SQLException {
        try (Connection su = pg.admin("postgres"); Statement s = su.createStatement()) {
            s.execute("create role " + APP_USER + " login password '" + APP_PASSWORD.replace("'", "''") + "'");
            s.execute("create database " + OTHER_DB + " owner " + APP_USER);
            s.execute("create schema cc authorization " + APP_USER);
            s.execute("create function public.test_json() returns text language sql as $$select '{\"req\": \"db.answer\", \"msg\": \"hi\"}'$$");
        }
        try (Connection su = pg.admin(OTHER_DB); Statement s = su.createStatement()) {
            s.execute("create schema cc authorization " + APP_USER);
        }
        for (String db : new String[] {"postgres", OTHER_DB}) {
            try (Connection su = pg.admin(db); Statement s = su.createStatement()) {
                s.execute("set role " + APP_USER);
                s.execute(FUNCTIONS);
            }
        }
    }

    /** The handler's {@code db} option for the application role; quotes escaped as libpq wants. */
    static String conninfo(PostgresCluster pg, String database) {
        return "host=127.0.0.1 port=" + pg.port() + " dbname=" + database + " user=" + APP_USER
                + " password='" + APP_PASSWORD.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** @return the number of sessions of handler instance {@code name} (application_name ccflux-db-name) in any state */
    static int sessions(Connection admin, String name) throws SQLException {
        return count(admin, "select count(*) from pg_stat_activity where application_name = 'ccflux-db-" + name + "'");
    }

    /** @return sessions of {@code name} waiting for the advisory lock, i.e. running {@code cc.wait_lock()} */
    static int waiting(Connection admin, String name) throws SQLException {
        return count(admin, "select count(*) from pg_stat_activity where application_name = 'ccflux-db-" + name
                + "' and wait_event_type = 'Lock' and wait_event = 'advisory'");
    }

    /** Terminates every session of handler instance {@code name}, or only those waiting for the lock. */
    static int terminate(Connection admin, String name, boolean onlyWaiting) throws SQLException {
        return count(admin, "select count(pg_terminate_backend(pid)) from pg_stat_activity where application_name = 'ccflux-db-"
                + name + "'" + (onlyWaiting ? " and wait_event_type = 'Lock'" : ""));
    }

    static int count(Connection admin, String sql) throws SQLException {
        try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
