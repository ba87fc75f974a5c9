package io.offlinesync.query;

import io.offlinesync.schemas.Topics;
import io.offlinesync.streams.PlatformTopics;
import io.offlinesync.streams.deadletters.DeadLetterProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The topics the query-api reads (todo.events, todo.members), switches (todo.projections, through its admin
 * endpoints) and dead-letters to, made at startup if missing (the served projections' state topics too, by
 * {@code ProjectionControl.ensureStateTopicsAtStartup}).
 */
@Configuration(proxyBeanMethods = false)
class QueryTopics {

    @Bean
    NewTopic eventsTopic(PlatformTopics topics) {
        return topics.events(Topics.EVENTS);
    }

    @Bean
    NewTopic membersTopic(PlatformTopics topics) {
        return topics.members(Topics.MEMBERS);
    }

    @Bean
    NewTopic projectionsTopic(PlatformTopics topics) {
        return topics.projections(Topics.PROJECTIONS);
    }

    @Bean
    NewTopic deadLettersTopic(PlatformTopics topics, DeadLetterProperties deadLetters) {
        return topics.deadLetters(deadLetters.topic());
    }
}
