package io.github.customerid.mongo.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
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
  void shouldListenOnlyOnceThePopulatedDataIsComplete() throws IOException {
    int port = freePort();
    List<String> loaderUris = new ArrayList<>();
    try (EmbeddedMongo mongo = EmbeddedMongo.start("127.0.0.1", port, uri -> {
      loaderUris.add(uri);
      assertThat(uri).matches("mongodb://127\\.0\\.0\\.1:\\d+").doesNotEndWith(":" + port);
      assertThat(refusesConnections(port)).as("not listening while populating").isTrue();
      try (MongoClient loader = MongoClients.create(uri)) {
        MongoCollection<Document> users = loader.getDatabase("shop").getCollection("users");
        users.insertOne(new Document("_id", 1).append("name", "Ada"));
        users.createIndex(new Document("name", 1), new IndexOptions().unique(true));
      }
    });
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      assertThat(mongo.connectionString()).isEqualTo("mongodb://127.0.0.1:" + port);
      MongoCollection<Document> users = client.getDatabase("shop").getCollection("users");
      assertThat(users.find().first()).isEqualTo(new Document("_id", 1).append("name", "Ada"));
      assertThatThrownBy(() -> users.insertOne(new Document("_id", 2).append("name", "Ada")))
          .as("the index populate made is there too").isInstanceOf(MongoWriteException.class);
      assertThat(loaderUris).hasSize(1);
      int loaderPort = Integer.parseInt(loaderUris.get(0).replaceFirst(".*:", ""));
      assertThat(refusesConnections(loaderPort)).as("the loading server is stopped").isTrue();
    }
  }

  @Test
  void shouldRefuseATakenPortBeforePopulating() {
    try (EmbeddedMongo first = EmbeddedMongo.start()) {
      int port = first.address().getPort();
      List<String> populated = new ArrayList<>();
      assertThatThrownBy(() -> EmbeddedMongo.start("127.0.0.1", port, populated::add))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageStartingWith("cannot listen on 127.0.0.1:" + port + ": ")
          .hasCauseInstanceOf(BindException.class);
      assertThat(populated).as("nothing loaded for nothing").isEmpty();
    }
  }

  @Test
  void shouldStopEverythingWhenPopulatingFails() throws IOException {
    int port = freePort();
    List<String> loaderUris = new ArrayList<>();
    IllegalStateException failure = new IllegalStateException("no sample today");
    assertThatThrownBy(() -> EmbeddedMongo.start("127.0.0.1", port, uri -> {
      loaderUris.add(uri);
      throw failure;
    })).isSameAs(failure);
    assertThat(refusesConnections(port)).as("never listened").isTrue();
    int loaderPort = Integer.parseInt(loaderUris.get(0).replaceFirst(".*:", ""));
    assertThat(refusesConnections(loaderPort)).as("the loading server is stopped").isTrue();
  }

  @Test
  void shouldPopulateAFreePortToo() {
    try (EmbeddedMongo mongo = EmbeddedMongo.start("127.0.0.1", 0, uri -> {
      try (MongoClient loader = MongoClients.create(uri)) {
        loader.getDatabase("shop").getCollection("users").insertOne(new Document("_id", 7));
      }
    });
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      assertThat(mongo.address().getPort()).isPositive();
      assertThat(client.getDatabase("shop").getCollection("users").countDocuments()).isOne();
    }
    assertThatThrownBy(() -> EmbeddedMongo.start("127.0.0.1", 0, null))
        .isInstanceOf(NullPointerException.class).hasMessage("populate");
  }

  /** A loopback port that was free a moment ago. */
  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static boolean refusesConnections(int port) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return false;
    } catch (ConnectException refused) {
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void shouldBeClosableTwice() {
    EmbeddedMongo mongo = EmbeddedMongo.start();
    mongo.close();
    mongo.close();
  }
}
