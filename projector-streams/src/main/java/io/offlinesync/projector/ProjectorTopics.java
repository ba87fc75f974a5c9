package io.offlinesync.projector;

import io.offlinesync.schemas.Topics;
import io.offlinesync.streams.PlatformTopics;
import io.offlinesync.streams.deadletters.DeadLetterProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The topics the sequencer and the projections read and write, made at startup if missing (the projections' state
 * topics too, by {@code ProjectionControl.ensureStateTopicsAtStartup}).
 */
@Configuration(proxyBeanMethods = false)
class ProjectorTopics {

    @Bean
    NewTopic inboxTopic(PlatformTopics topics) {
        return topics.inbox(Topics.INBOX);
    }

    @Bean
    NewTopic eventsTopic(PlatformTopics topics) {
        return topics.events(Topics.EVENTS);
    }

    @Bean
    NewTopic membersTopic(PlatformTopics topics) {
        return topics.members(Topics.MEMBERS);
    }

    @Bean
    NewTopic deadLettersTopic(PlatformTopics topics, DeadLetterProperties deadLetters) {
        return topics.deadLetters(deadLetters.topic());
    }
}
