package org.ccflux.client.tool;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.ccflux.api.CcJson;

/** The sample requests of CC's {@code bin/testmsg.py} (protocol reference §11), with the standard header. */
final class Samples {
    static final List<String> NAMES = List.of("echo", "log", "info", "task", "db", "job");

    /** A message type with its body. */
    record Sample(String type, ObjectNode body) {
    }

    private Samples() {
    }

    /** @param endpoint where the message goes; the echo sample names it as its target */
    static Sample get(String name, String endpoint) throws UsageException {
        switch (name) {
            case "echo":
                return sample("echo.request", b -> b.put("target", endpoint));
            case "log":
                return sample("log.info", b -> b.put("log_time", b.get("time").decimalValue())
                        .put("hostname", "host").put("job_name", "job").put("log_level", "INFO").put("log_msg", "Foo"));
            case "info":
                return sample("pub.infofile", b -> b.put("mtime", 1314187603).put("hostname", "me")
                        .put("filename", "info.1").put("data", "cXdlcnR5\n").put("comp", "").put("mode", "b"));
            case "task":
                // task_id = the uid in the type, as CC's taskclient sends it: testmsg's integer 55 breaks the
                // routing of the runner's replies (reference §8 step 4).
                String uid = UUID.randomUUID().toString();
                return sample("task.send." + uid, b -> b.put("task_host", CcJson.hostname())
                        .put("task_handler", "cc.task.sample").put("task_id", uid).put("cmd", "run"));
            case "db":
                return sample("db.confdb", b -> b.put("function", "public.test_json"));
            case "job":
                return sample("job.config", b -> b.put("job_name", "d:taskrunner"));
            default:
                throw new UsageException("unknown sample '" + name + "', expected one of " + String.join(", ", NAMES));
        }
    }

    private static Sample sample(String type, Consumer<ObjectNode> fields) {
        ObjectNode body = CcJson.header(type);
        fields.accept(body);
        return new Sample(type, body);
    }
}
