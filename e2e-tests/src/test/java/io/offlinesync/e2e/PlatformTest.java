package io.offlinesync.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class on one {@link Platform}: {@link PlatformExtension} starts it before the class's tests (and its own
 * {@code @BeforeAll} methods), puts it in the class's static {@code Platform} field and closes it after the
 * class's {@code @AfterAll} methods. By default the broker and the three services run in this JVM.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(PlatformExtension.class)
@interface PlatformTest {

    /** The broker, the projector and the gateway (on a fixed port) in child processes, so a test can kill them. */
    boolean childProcesses() default false;

    /** More than 0: {@link Platform.Setup#scaledOut} with this many projector-streams and query-api instances. */
    int instances() default 0;

    /**
     * The broker and the registry in containers (Kafka KRaft, Apicurio: {@link PlatformContainers}) on a Docker
     * engine, the services as by default; the class also says {@code @Testcontainers(disabledWithoutDocker = true)}.
     */
    boolean containers() default false;

    /** Arguments for the services ({@link Platform.Setup#extraArgs()}). */
    String[] args() default {};
}
