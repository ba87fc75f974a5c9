package io.offlinesync.e2e;

import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * {@link WalkingSkeletonIT}'s scenario with the broker and the registry in containers ({@link PlatformContainers})
 * instead of in this JVM and a child process: the platform as the Testcontainers modules would give it, for hosts
 * with a Docker engine. Skipped where there is none.
 */
@Testcontainers(disabledWithoutDocker = true)
@PlatformTest(containers = true)
class WalkingSkeletonOnContainersIT extends WalkingSkeletonIT {
}
