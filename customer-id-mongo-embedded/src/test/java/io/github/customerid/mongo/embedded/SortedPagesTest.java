package io.github.customerid.mongo.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import io.netty.buffer.Unpooled;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sorted, limited queries answered by walking an index (non-unique, or unique with its sorted view)
 * give exactly what the backend's full match-and-sort gives: the same documents, in the same order,
 * page after page, while the data changes between pages. The checks run the same queries against two
 * collections with the same data, one with the index and one without; every collection has the
 * {@code _id} index, so paging by {@code _id} is checked against a sort on the client.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SortedPagesTest {

  private static final Bson ORDER = Sorts.ascending("createdAt", "_id");

  @ParameterizedTest(name = "unique index: {0}")
  @ValueSource(booleans = {false, true})
  void shouldPageInCreationOrderExactlyAsAFullSortDoes(boolean unique) {
    try (EmbeddedMongo mongo = EmbeddedMongo.start();
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoDatabase db = client.getDatabase("pages");
      MongoCollection<Document> indexed = db.getCollection("indexed");
      MongoCollection<Document> bare = db.getCollection("bare");
      // Unique, as the migration creates it (it ends with _id), or not: both are walked in order.
      indexed.createIndex(Indexes.ascending("createdAt", "_id"),
          new IndexOptions().unique(unique));
      Random random = new Random(20_261_125L);
      List<Document> docs = new ArrayList<>();
      for (int i = 0; i < 1_500; i++) {
        Document d = new Document("_id", new ObjectId(new Date(1_500_000_000_000L + i), i))
            .append("role", random.nextInt(10) == 0 ? "admin" : "customer");
        int kind = random.nextInt(10);
        if (kind > 0) { // 10% without createdAt; many share a timestamp
          d.append("createdAt", new Date(1_600_000_000_000L + random.nextInt(300) * 1000L));
        }
        docs.add(d);
      }
      java.util.Collections.shuffle(docs, random);
      indexed.insertMany(docs);
      bare.insertMany(docs);

      List<Object> fromIndexed = migrate(indexed, new Random(7));
      List<Object> fromBare = migrate(bare, new Random(7));

      assertThat(fromIndexed).hasSizeGreaterThan(1_000).isEqualTo(fromBare);
    }
  }

  /** Pages through the unnumbered customers as a streaming migration does; returns the _ids seen. */
  private static List<Object> migrate(MongoCollection<Document> users, Random changes) {
    List<Object> seen = new ArrayList<>();
    Document last = null;
    int number = 0;
    while (true) {
      Bson filter = Filters.and(Filters.eq("role", "customer"), Filters.eq("customerId", null));
      if (last != null) {
        filter = Filters.and(filter, after(last));
      }
      List<Document> page = users.find(filter).sort(ORDER).limit(37).into(new ArrayList<>());
      if (page.isEmpty()) {
        return seen;
      }
      for (Document d : page) {
        seen.add(d.get("_id"));
        users.updateOne(Filters.eq("_id", d.get("_id")), Updates.set("customerId", "PL" + ++number));
      }
      last = page.get(page.size() - 1);
      // Meanwhile: a customer changes role, one is deleted, one gets a later timestamp.
      Document victim = users.find(Filters.eq("customerId", null)).skip(changes.nextInt(20))
          .first();
      if (victim != null) {
        switch (changes.nextInt(3)) {
          case 0 -> users.updateOne(Filters.eq("_id", victim.get("_id")),
              Updates.set("role", "admin"));
          case 1 -> users.deleteOne(Filters.eq("_id", victim.get("_id")));
          default -> users.updateOne(Filters.eq("_id", victim.get("_id")),
              Updates.set("createdAt", new Date(1_700_000_000_000L + changes.nextInt(1000))));
        }
      }
    }
  }

  private static Bson after(Document last) {
    Object at = last.get("createdAt");
    Object id = last.get("_id");
    if (at == null) {
      return Filters.or(Filters.and(Filters.eq("createdAt", null), Filters.gt("_id", id)),
          Filters.ne("createdAt", null));
    }
    return Filters.or(Filters.gt("createdAt", at),
        Filters.and(Filters.eq("createdAt", at), Filters.gt("_id", id)));
  }

  @Test
  void shouldPageByIdThroughTheIdIndexAndKeepItsOrderAcrossWritesThatFail() {
    try (EmbeddedMongo mongo = EmbeddedMongo.start();
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoCollection<Document> users = client.getDatabase("byid").getCollection("users");
      users.createIndex(Indexes.ascending("email"), new IndexOptions().unique(true));
      Random random = new Random(11);
      List<Document> docs = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        docs.add(new Document("_id", i).append("role", i % 7 == 0 ? "admin" : "customer")
            .append("email", "u" + i + "@example.com"));
      }
      java.util.Collections.shuffle(docs, random);
      users.insertMany(docs);
      users.deleteMany(Filters.in("_id", 3, 150, 399));
      // A duplicate key is refused, and neither view of the index keeps the refused document.
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> users.insertOne(
          new Document("_id", 150).append("role", "customer").append("email", "u1@example.com")))
          .isInstanceOf(MongoWriteException.class);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> users.updateOne(
          Filters.eq("_id", 5), Updates.set("email", "u6@example.com")))
          .isInstanceOf(MongoWriteException.class);

      List<Integer> expected = users.find().into(new ArrayList<>()).stream()
          .filter(d -> "customer".equals(d.get("role")))
          .map(d -> d.getInteger("_id")).sorted().collect(Collectors.toList());
      List<Integer> paged = new ArrayList<>();
      Object last = null;
      while (true) {
        Bson filter = last == null ? Filters.eq("role", "customer")
            : Filters.and(Filters.eq("role", "customer"), Filters.gt("_id", last));
        List<Document> page = users.find(filter).sort(Sorts.ascending("_id")).limit(23)
            .into(new ArrayList<>());
        if (page.isEmpty()) {
          break;
        }
        page.forEach(d -> paged.add(d.getInteger("_id")));
        last = page.get(page.size() - 1).get("_id");
      }
      assertThat(paged).hasSize(340).isEqualTo(expected).doesNotContain(3, 150, 399);
      assertThat(users.find(Filters.eq("_id", 150)).first()).isNull();
      assertThat(users.find(Filters.eq("_id", 5)).first().getString("email"))
          .isEqualTo("u5@example.com");
    }
  }

  @Test
  void shouldSortDescendingAndSkipThroughTheIndexToo() {
    try (EmbeddedMongo mongo = EmbeddedMongo.start();
        MongoClient client = MongoClients.create(mongo.connectionString())) {
      MongoDatabase db = client.getDatabase("desc");
      MongoCollection<Document> indexed = db.getCollection("indexed");
      MongoCollection<Document> bare = db.getCollection("bare");
      indexed.createIndex(Indexes.descending("score"));
      Random random = new Random(42);
      for (int i = 0; i < 300; i++) {
        Document d = new Document("_id", i).append("score", random.nextInt(50))
            .append("even", i % 2 == 0);
        indexed.insertOne(d);
        bare.insertOne(d);
      }
      for (Bson filter : List.of(Filters.eq("even", true), Filters.gte("score", 25),
          new Document())) {
        assertThat(ids(indexed, filter, Sorts.descending("score"), 5, 20))
            .isEqualTo(ids(bare, filter, Sorts.descending("score"), 5, 20))
            .hasSize(20);
      }
      assertThat(indexed.listIndexes().into(new ArrayList<>())).extracting(d -> d.getString("name"))
          .contains("score_-1");
    }
  }

  private static List<Object> ids(MongoCollection<Document> c, Bson filter, Bson sort, int skip,
      int limit) {
    // Ties on score are broken by _id in both, so the comparison is exact.
    List<Object> out = new ArrayList<>();
    c.find(filter).sort(sort).skip(skip).limit(limit).forEach(d -> out.add(d.get("score")));
    return out;
  }

  /**
   * A page of a streaming migration over customers that share their creation time (or have none)
   * starts right after the previous page's last key, not at the start of the index: the walk's first
   * entry is the next customer's. Before the index took a bound on both keys, every such page walked from the
   * first entry, over every customer numbered before (quadratic over a migration). The query is the
   * one the migration sends ({@code CustomerIdMigration}: customers without an ID, after the last
   * key), built with the driver's filters and decoded by the server's own BSON decoder.
   */
  @ParameterizedTest(name = "createdAt {0}")
  @ValueSource(strings = {"equal", "missing"})
  void shouldStartAPageAtThePreviousPagesLastKeyWhenTheFirstKeysAreEqual(String createdAt) {
    SortedIndex index = new SortedIndex("createdAt_1__id_1",
        List.of(new IndexKey("createdAt", true), new IndexKey("_id", true)));
    Date at = createdAt.equals("equal") ? new Date(1_600_000_000_000L) : null;
    List<ObjectId> ids = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      ObjectId id = new ObjectId(new Date(1_500_000_000_000L + i * 1000L), 0);
      ids.add(id);
      Document customer = new Document("_id", id).append("role", "customer");
      if (at != null) {
        customer.append("createdAt", at);
      }
      index.add(onServer(customer), i, null);
    }
    for (int last : new int[] {0, 999, 1_998}) {
      Bson query = Filters.and(Filters.eq("role", "customer"), Filters.eq("customerId", null),
          Filters.or(Filters.gt("createdAt", at),
              Filters.and(Filters.eq("createdAt", at), Filters.gt("_id", ids.get(last)))));

      List<Integer> walked = new ArrayList<>();
      index.positionsFrom(onServer(query)).forEach(walked::add);

      assertThat(walked).as("entries walked for the page after customer %d", last)
          .hasSize(2_000 - last - 1).startsWith(last + 1);
    }
  }

  @Test
  void shouldWalkFromTheStartWhileAnEntryHasAnArrayKey() {
    // $gt matches an array by any element; the sort places it by its smallest: no bound is safe.
    SortedIndex index = new SortedIndex("t_1", List.of(new IndexKey("t", true)));
    for (int i = 0; i < 10; i++) {
      index.add(onServer(new Document("_id", i).append("t", i)), i, null);
    }
    de.bwaldvogel.mongo.bson.Document query = onServer(Filters.gt("t", 5));
    List<Integer> bounded = new ArrayList<>();
    index.positionsFrom(query).forEach(bounded::add);
    assertThat(bounded).containsExactly(6, 7, 8, 9);

    index.add(onServer(new Document("_id", 10).append("t", List.of(1, 10))), 10, null);
    List<Integer> walked = new ArrayList<>();
    index.positionsFrom(query).forEach(walked::add);
    assertThat(walked).contains(10).hasSize(11);

    index.remove(onServer(new Document("_id", 10).append("t", List.of(1, 10))));
    List<Integer> again = new ArrayList<>();
    index.positionsFrom(query).forEach(again::add);
    assertThat(again).containsExactly(6, 7, 8, 9);
  }

  @Test
  void shouldStartAtTheFirstEqualEntryWhenTheSecondKeyIsDescending() {
    SortedIndex index = new SortedIndex("t_1_u_-1",
        List.of(new IndexKey("t", true), new IndexKey("u", false)));
    for (int i = 0; i < 30; i++) {
      index.add(onServer(new Document("_id", i).append("t", 4 + i % 3).append("u", i)), i, null);
    }
    List<Integer> walked = new ArrayList<>();
    index.positionsFrom(onServer(Filters.eq("t", 5))).forEach(walked::add);
    // t = 5 are the positions 1, 4, ..., 28; by u descending, then the t = 6 ones.
    assertThat(walked).hasSize(20).startsWith(28, 25, 22);
  }

  /** A filter or document as the server decodes it from the wire. */
  private static de.bwaldvogel.mongo.bson.Document onServer(Bson bson) {
    BsonDocument document = bson.toBsonDocument(BsonDocument.class,
        MongoClientSettings.getDefaultCodecRegistry());
    RawBsonDocument raw = new RawBsonDocument(document, new BsonDocumentCodec());
    return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(raw.getByteBuffer().array(), 0,
        raw.getByteBuffer().remaining()));
  }

  @Test
  void shouldFindTheLowerBoundOfTheQueryOnTheFirstKey() {
    de.bwaldvogel.mongo.bson.Document q = new de.bwaldvogel.mongo.bson.Document("$or", List.of(
        new de.bwaldvogel.mongo.bson.Document("t", new de.bwaldvogel.mongo.bson.Document("$gt", 5)),
        new de.bwaldvogel.mongo.bson.Document("t", 5).append("_id",
            new de.bwaldvogel.mongo.bson.Document("$gt", 9))));
    assertThat(SortedIndex.lowerBound(q, "t")).contains(5);
    q.append("$and", List.of(new de.bwaldvogel.mongo.bson.Document("t",
        new de.bwaldvogel.mongo.bson.Document("$gte", 7))));
    assertThat(SortedIndex.lowerBound(q, "t")).as("the largest bound of a conjunction")
        .contains(7);
    de.bwaldvogel.mongo.bson.Document open = new de.bwaldvogel.mongo.bson.Document("$or", List.of(
        new de.bwaldvogel.mongo.bson.Document("t", new de.bwaldvogel.mongo.bson.Document("$gt", 5)),
        new de.bwaldvogel.mongo.bson.Document("other", 1)));
    assertThat(SortedIndex.lowerBound(open, "t")).as("one open branch").isEmpty();
    assertThat(SortedIndex.lowerBound(new de.bwaldvogel.mongo.bson.Document("t",
        new de.bwaldvogel.mongo.bson.Document("$lt", 3)), "t")).isEmpty();
  }
}
