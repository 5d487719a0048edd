package com.example.hello;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ccflux.api.CcJson;
import org.ccflux.api.CcMessage;
import org.ccflux.api.CcSender;
import org.ccflux.api.MessageHandler;
import org.ccflux.api.Routes;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Answers {@code hello.*} messages with {@code hello.reply}: {"greeting": "<greeting>, <name>"}.
 * One instance per configuration file {@code com.example.hello-<name>.cfg}.
 */
@Component(service = MessageHandler.class, configurationPid = "com.example.hello",
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = HelloHandler.Config.class, factory = true)
@Routes("hello")
public final class HelloHandler implements MessageHandler {

    @ObjectClassDefinition(name = "Hello handler", description = "Replies to hello.* with a greeting.")
    @interface Config {
        @AttributeDefinition(name = "greeting", description = "The word to greet with.")
        String greeting() default "Hello";
    }

    private final CcSender sender;
    private volatile String greeting;

    @Activate
    public HelloHandler(@Reference CcSender sender, Config config) {
        this.sender = sender;
        this.greeting = config.greeting();
    }

    @Modified
    void modified(Config config) {
        greeting = config.greeting();
    }

    @Override
    public void handle(CcMessage message) throws Exception {
        ObjectNode reply = CcJson.header("hello.reply");
        reply.put("greeting", greeting + ", " + message.json().path("name").asText("world"));
        sender.reply(message, reply);
    }
}
