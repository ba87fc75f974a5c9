package io.offlinesync.gateway;

import io.offlinesync.schemas.Topics;
import io.offlinesync.streams.PlatformTopics;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The topics the gateway writes (its inbox) and reads (todo.members, for the early 403): made at startup if missing. */
@Configuration(proxyBeanMethods = false)
class GatewayTopics {

    @Bean
    NewTopic inboxTopic(PlatformTopics topics, GatewayProperties properties) {
        return topics.inbox(properties.inboxTopic());
    }

    @Bean
    NewTopic membersTopic(PlatformTopics topics) {
        return topics.members(Topics.MEMBERS);
    }
}
