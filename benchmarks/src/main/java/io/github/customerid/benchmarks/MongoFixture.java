package io.github.customerid.benchmarks;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.github.customerid.mongo.embedded.EmbeddedMongo;

/**
 * The Mongo module's linearizable embedded server and one client to it, with the same settings for
 * every contender of a benchmark. One per benchmark trial (fork), so every contender starts from an
 * empty server.
 */
final class MongoFixture implements AutoCloseable {

  /** The sequence every Mongo benchmark allocates from. */
  static final String SEQUENCE = "customerId";

  /** {@code MongoSequenceStore}'s default write concern; the hand-written baseline uses it too. */
  static final WriteConcern WRITE_CONCERN = WriteConcern.MAJORITY.withJournal(true);

  private final EmbeddedMongo server;
  private final MongoClient client;

  private MongoFixture(EmbeddedMongo server, MongoClient client) {
    this.server = server;
    this.client = client;
  }

  static MongoFixture start() {
    EmbeddedMongo server = EmbeddedMongo.start();
    MongoClientSettings settings = MongoClientSettings.builder()
        .applyConnectionString(new ConnectionString(server.connectionString()))
        .build();
    return new MongoFixture(server, MongoClients.create(settings));
  }

  MongoDatabase database() {
    return client.getDatabase("benchmarks");
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
