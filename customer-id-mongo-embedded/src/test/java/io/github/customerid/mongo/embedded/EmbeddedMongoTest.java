package io.github.customerid.mongo.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 1, unit = TimeUnit.MINUTES)
class EmbeddedMongoTest {

  @Test
  void shouldServeTheRealDriverOnTheAddressItReports() {
    try (EmbeddedMongo mongo = EmbeddedMongo.start();
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      assertThat(mongo.connectionString())
          .isEqualTo("mongodb://127.0.0.1:" + mongo.address().getPort());
      assertThat(mongo.toString()).isEqualTo("EmbeddedMongo[" + mongo.connectionString() + "]");
      MongoCollection<Document> c = client.getDatabase("shop").getCollection("users");
      c.insertOne(new Document("_id", 1).append("name", "Ada"));
      assertThat(c.find().first()).isEqualTo(new Document("_id", 1).append("name", "Ada"));
    }
  }

  @Test
  void shouldStartEmptyEachTime() {
    for (int i = 0; i < 2; i++) {
      try (EmbeddedMongo mongo = EmbeddedMongo.start();
          MongoClient client = MongoClients.create(mongo.connectionString())) {
        MongoCollection<Document> c = client.getDatabase("shop").getCollection("users");
        assertThat(c.countDocuments()).isZero();
        c.insertOne(new Document("run", i));
      }
    }
  }

  @Test
  void shouldNameHostAndPortWhenThePortIsTaken() {
    try (EmbeddedMongo first = EmbeddedMongo.start()) {
      int port = first.address().getPort();
      assertThatThrownBy(() -> EmbeddedMongo.start("127.0.0.1", port))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageStartingWith("cannot listen on 127.0.0.1:" + port + ": ")
          .hasCauseInstanceOf(BindException.class);
    }
  }

  @Test
  void shouldRejectBadArguments() {
    assertThatThrownBy(() -> EmbeddedMongo.start("127.0.0.1", 65_536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be between 0 and 65535, was 65536");
    assertThatThrownBy(() -> EmbeddedMongo.start(" ", 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("host must not be blank");
    assertThatThrownBy(() -> EmbeddedMongo.start(null, 0))
        .isInstanceOf(NullPointerException.class).hasMessage("host");
  }

  @Test
  void shouldBeClosableTwice() {
    EmbeddedMongo mongo = EmbeddedMongo.start();
    mongo.close();
    mongo.close();
  }
}
