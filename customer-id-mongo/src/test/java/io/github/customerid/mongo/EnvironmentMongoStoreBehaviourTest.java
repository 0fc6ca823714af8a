package io.github.customerid.mongo;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The behaviour suite against the deployment named by {@code CUSTOMER_ID_MONGODB_URI} (a replica set
 * for the transaction test). Skipped when the variable is unset. Uses the URI's database, or {@code
 * customer_id_test}; every test creates its own uniquely named collections or sequences there.
 */
@EnabledIfEnvironmentVariable(named = MongoTestServers.URI_VARIABLE, matches = ".+")
class EnvironmentMongoStoreBehaviourTest extends MongoStoreBehaviourTest {

  @Override
  protected String connectionString() {
    return MongoTestServers.environment().orElseThrow();
  }

  @Override
  protected boolean isRealMongo() {
    return true;
  }
}
