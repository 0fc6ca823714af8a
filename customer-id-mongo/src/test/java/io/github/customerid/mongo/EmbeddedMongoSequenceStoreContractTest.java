package io.github.customerid.mongo;

import com.mongodb.client.MongoClient;
import io.github.customerid.core.spi.SequenceStore;
import io.github.customerid.testkit.SequenceStoreContract;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/** The store contract against the linearizable embedded server, default {@code {name, seq}} layout. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EmbeddedMongoSequenceStoreContractTest extends SequenceStoreContract {

  private static MongoClient client;

  @BeforeAll
  static void connect() {
    client = MongoTestServers.client(MongoTestServers.embedded());
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  @Override
  protected SequenceStore createStore() {
    return MongoSequenceStore.create(client.getDatabase("contract"));
  }

  @Override
  protected boolean supportsGiveBack() {
    return true;
  }
}
