package io.github.customerid.mongo;

/** The behaviour suite against the linearizable embedded server. */
class EmbeddedMongoStoreBehaviourTest extends MongoStoreBehaviourTest {

  @Override
  protected String connectionString() {
    return MongoTestServers.embedded();
  }

  @Override
  protected boolean isRealMongo() {
    return false;
  }
}
