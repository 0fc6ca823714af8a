package io.github.customerid.mongo;

import com.mongodb.client.MongoClient;
import io.github.customerid.core.spi.SequenceStore;
import io.github.customerid.testkit.SequenceStoreContract;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The store contract against a real {@code mongo:8.0} replica set; skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TestcontainersMongoSequenceStoreContractTest extends SequenceStoreContract {

  private static MongoClient client;
  private static String database;

  @BeforeAll
  static void connect() {
    String uri = MongoTestServers.testcontainers();
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
