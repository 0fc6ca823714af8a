package io.github.customerid.mongo.customers;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.github.customerid.core.StoreException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A database that cannot be reached: each look-up of the unique index fails with a {@link
 * StoreException} naming the collection and keeping the driver's exception as the cause.
 */
class CustomerIdIndexFailureTest {

  private MongoClient unreachable;
  private CustomerIdIndex index;

  @BeforeEach
  void connectToNothing() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    unreachable = MongoClients.create("mongodb://127.0.0.1:" + port
        + "/?serverSelectionTimeoutMS=200&connectTimeoutMS=200");
    index = CustomerIdIndex.of(
        CustomerIdScheme.of(unreachable.getDatabase("shop").getCollection("users")));
  }

  @AfterEach
  void close() {
    unreachable.close();
  }

  @Test
  void shouldNameTheCollectionWhenFindingTheUniqueIndexFails() {
    assertThatThrownBy(index::findUnique)
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("MongoDB failed to list the indexes of shop.users: ")
        .hasCauseInstanceOf(MongoException.class);
  }

  @Test
  void shouldNameTheCollectionWhenFindingAnyIndexFails() {
    assertThatThrownBy(index::findAny)
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("MongoDB failed to list the indexes of shop.users: ")
        .hasCauseInstanceOf(MongoException.class);
  }

  @Test
  void shouldNameTheCollectionAndFieldWhenEnsuringTheIndexFails() {
    assertThatThrownBy(index::ensure)
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith(
            "MongoDB failed to ensure the unique index on shop.users.customerId: ")
        .hasCauseInstanceOf(MongoException.class);
  }
}
