package io.github.customerid.mongo;

import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The behaviour suite against a real {@code mongo:8.0} single-node replica set in Docker. Skipped,
 * quickly and without error, where no Docker engine answers.
 */
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersMongoStoreBehaviourTest extends MongoStoreBehaviourTest {

  @Override
  protected String connectionString() {
    return MongoTestServers.testcontainers();
  }

  @Override
  protected boolean isRealMongo() {
    return true;
  }
}
