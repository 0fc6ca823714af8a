package io.github.customerid.cli;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.bson.Document;
import org.bson.types.ObjectId;

/**
 * The data of {@code demo} and {@code serve --sample-data}, in the Node system's shape: users with a
 * {@code role}; 23 customers numbered {@code PL1..PL23} six years ago, legacy customers without an ID
 * created over the five years since (stored in shuffled order), and staff, who never get an ID.
 */
final class SampleData {

  /** Customers the old system numbered. */
  static final int NUMBERED = 23;
  /** Staff members. */
  static final int STAFF = 12;

  private SampleData() {}

  /** Loads the sample into {@code shop.users} of the server at {@code uri}. */
  static void load(String uri, int legacyCustomers) {
    try (MongoClient client = MongoClients.create(uri)) {
      insert(client.getDatabase("shop").getCollection("users"), legacyCustomers);
    }
  }

  /** Inserts the numbered customers, {@code legacyCustomers} without an ID, and the staff. */
  static void insert(MongoCollection<Document> users, int legacyCustomers) {
    long start = System.currentTimeMillis() / 1000 - 6L * 365 * 24 * 3600;
    List<Document> docs = new ArrayList<>();
    for (int i = 1; i <= NUMBERED; i++) {
      docs.add(customer(new ObjectId(new Date((start + i * 3600L) * 1000), i), "Early customer " + i)
          .append("customerId", "PL" + i));
    }
    users.insertMany(docs);
    docs.clear();
    long legacyStart = start + 30L * 24 * 3600;
    long step = Math.max(1, (5L * 365 * 24 * 3600) / Math.max(1, legacyCustomers));
    for (int i = 0; i < legacyCustomers; i++) {
      docs.add(customer(new ObjectId(new Date((legacyStart + i * step) * 1000), 100 + i),
          "Legacy customer " + (i + 1)));
    }
    Collections.shuffle(docs, new Random(7));
    for (int from = 0; from < docs.size(); from += 10_000) {
      users.insertMany(docs.subList(from, Math.min(docs.size(), from + 10_000)));
    }
    List<Document> staff = new ArrayList<>();
    for (int i = 1; i <= STAFF; i++) {
      staff.add(new Document("role", i % 3 == 0 ? "admin" : "receptionist")
          .append("name", "Staff member " + i).append("email", "staff" + i + "@example.com"));
    }
    users.insertMany(staff);
  }

  private static Document customer(ObjectId id, String name) {
    return new Document("_id", id).append("role", "customer").append("name", name)
        .append("email", name.toLowerCase(Locale.ROOT).replace(' ', '.') + "@example.com");
  }
}
