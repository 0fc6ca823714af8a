package io.github.customerid.mongo;

import com.mongodb.client.MongoClient;
import io.github.customerid.core.spi.SequenceStore;
import io.github.customerid.testkit.SequenceStoreContract;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The store contract against the deployment named by {@code CUSTOMER_ID_MONGODB_URI}, if set. */
@EnabledIfEnvironmentVariable(named = MongoTestServers.URI_VARIABLE, matches = ".+")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class EnvironmentMongoSequenceStoreContractTest extends SequenceStoreContract {

  private static MongoClient client;
  private static String database;

  @BeforeAll
  static void connect() {
    String uri = MongoTestServers.environment().orElseThrow();
    client = MongoTestServers.client(uri);
    database = MongoTestServers.databaseName(uri);
  }

  @AfterAll
  static void disconnect() {
    if (client != null) {
      client.close();
    }
  }

  @Override
  protected SequenceStore createStore() {
    return MongoSequenceStore.create(client.getDatabase(database));
  }

  @Override
  protected boolean supportsGiveBack() {
    return true;
  }
}
