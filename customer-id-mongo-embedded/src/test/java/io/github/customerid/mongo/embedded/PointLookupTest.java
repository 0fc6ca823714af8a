package io.github.customerid.mongo.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Queries that the server narrows through a single-field unique index ({@code _id} or another) give
 * exactly the documents a full scan gives: the index only chooses which documents to test.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class PointLookupTest {

  private static EmbeddedMongo mongo;
  private static MongoClient client;
  private static MongoCollection<Document> users;

  @BeforeAll
  static void start() {
    mongo = EmbeddedMongo.start();
    client = MongoClients.create(mongo.connectionString());
    users = client.getDatabase("lookup").getCollection("users");
    users.createIndex(Indexes.ascending("customerId"), new IndexOptions().unique(true).sparse(true));
    List<Document> docs = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      Document d = new Document("_id", i).append("role", i % 5 == 0 ? "admin" : "customer");
      if (i % 2 == 0) {
        d.append("customerId", "PL" + i);
      }
      docs.add(d);
    }
    users.insertMany(docs);
  }

  @AfterAll
  static void stop() {
    client.close();
    mongo.close();
  }

  private static List<Object> ids(Bson filter) {
    List<Object> out = new ArrayList<>();
    users.find(filter).sort(Sorts.ascending("_id")).forEach(d -> out.add(d.get("_id")));
    return out;
  }

  @Test
  void shouldApplyEveryConditionNextToAnIdEquality() {
    assertThat(ids(Filters.and(Filters.eq("_id", 3), Filters.eq("role", "customer"),
        Filters.eq("customerId", null)))).containsExactly(3);
    assertThat(ids(Filters.and(Filters.eq("_id", 4), Filters.eq("customerId", null)))).isEmpty();
    assertThat(ids(Filters.and(Filters.eq("_id", 5), Filters.eq("role", "customer")))).isEmpty();
    assertThat(ids(Filters.and(Filters.eq("_id", 999), Filters.eq("role", "customer")))).isEmpty();
  }

  @Test
  void shouldApplyEveryConditionNextToAnIdInList() {
    assertThat(ids(Filters.and(Filters.in("_id", 1, 2, 3, 5, 7, 999),
        Filters.eq("role", "customer")))).containsExactly(1, 2, 3, 7);
  }

  @Test
  void shouldNarrowThroughAnotherUniqueIndexToo() {
    assertThat(ids(Filters.and(Filters.eq("customerId", "PL10"), Filters.eq("role", "admin"))))
        .containsExactly(10);
    assertThat(ids(Filters.and(Filters.eq("customerId", "PL10"), Filters.eq("role", "customer"))))
        .isEmpty();
  }

  @Test
  void shouldLeaveRangeQueriesToTheFullScan() {
    assertThat(ids(Filters.and(Filters.gt("_id", 45), Filters.eq("role", "customer"))))
        .containsExactly(46, 47, 48, 49);
  }

  @Test
  void shouldUpdateOnlyWhatTheWholeFilterMatches() {
    MongoCollection<Document> c = client.getDatabase("lookup").getCollection("guarded");
    c.insertMany(List.of(new Document("_id", 1).append("role", "customer"),
        new Document("_id", 2).append("role", "customer").append("customerId", "PL7")));
    Bson unnumbered = Filters.eq("customerId", null);
    assertThat(c.updateOne(Filters.and(Filters.eq("_id", 1), unnumbered),
        Updates.set("customerId", "PL8")).getModifiedCount()).isEqualTo(1);
    assertThat(c.updateOne(Filters.and(Filters.eq("_id", 2), unnumbered),
        Updates.set("customerId", "PL9")).getModifiedCount()).isZero();
    assertThat(c.find(Filters.eq("_id", 2)).first().getString("customerId")).isEqualTo("PL7");
  }
}
