package io.github.customerid.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.github.customerid.core.IdFormat;
import io.github.customerid.core.spi.SequenceStore;
import io.github.customerid.spring.boot.app.Guest;
import io.github.customerid.spring.boot.app.GuestRepository;
import io.github.customerid.spring.boot.app.ShopApplication;
import io.github.customerid.spring.boot.app.User;
import io.github.customerid.spring.boot.app.UserRepository;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A whole Spring Boot application on the embedded server, with nothing but the starter's
 * auto-configuration, {@code @CustomerId} on its entities, Spring Data repositories and the {@code
 * MongoTemplate} Spring Boot provides.
 */
@SpringBootTest(classes = ShopApplication.class)
class CustomerIdSpringBootTest {

  private static final String DATABASE = TestMongo.freshDatabase("boot");
  /** Imported before the application started, ahead of a counter that does not exist yet. */
  private static final long IMPORTED = 57;

  @DynamicPropertySource
  static void mongo(DynamicPropertyRegistry registry) {
    registry.add("spring.mongodb.uri", TestMongo::uri);
    registry.add("spring.mongodb.database", () -> DATABASE);
  }

  @BeforeAll
  static void importLegacyCustomers() {
    try (MongoClient client = MongoClients.create(TestMongo.uri())) {
      client.getDatabase(DATABASE).getCollection("users").insertMany(List.of(
          new Document("name", "Legacy 1").append("role", "customer").append("customerId", "PL3"),
          new Document("name", "Legacy 2").append("role", "customer")
              .append("customerId", "PL" + IMPORTED)));
    }
  }

  @Autowired
  UserRepository users;
  @Autowired
  GuestRepository guests;
  @Autowired
  SequenceStore store;
  @Autowired
  IdFormat format;
  @Autowired
  CustomerIdLookup lookup;
  @Autowired
  MongoTemplate template;

  @Test
  void shouldReconcileAtStartUpSoThatImportedIdsAreNeverHandedOutAgain() {
    assertThat(store.current("customerId").orElseThrow()).isGreaterThanOrEqualTo(IMPORTED);
    User next = users.save(new User("First after start", "customer"));
    assertThat(format.parse(next.getCustomerId())).isGreaterThan(IMPORTED);
  }

  @Test
  void shouldGiveEightThreadsSavingFiveHundredCustomersEach4000DistinctIds() throws Exception {
    int threads = 8;
    int perThread = 500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<String>>> results = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          start.await();
          List<String> ids = new ArrayList<>(perThread);
          for (int i = 0; i < perThread; i++) {
            ids.add(users.save(new User("Load " + thread + "-" + i, "customer")).getCustomerId());
          }
          return ids;
        }));
      }
      start.countDown();
      Set<String> distinct = new HashSet<>();
      int total = 0;
      for (Future<List<String>> f : results) {
        for (String id : f.get(5, TimeUnit.MINUTES)) {
          total++;
          distinct.add(id);
          assertThat(format.parse(id)).isGreaterThan(IMPORTED);
        }
      }
      assertThat(total).isEqualTo(threads * perThread);
      assertThat(distinct).hasSize(threads * perThread);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shouldGiveStaffNone() {
    User receptionist = users.save(new User("Receptionist", "staff"));
    assertThat(receptionist.getCustomerId()).isNull();
    assertThat(users.findById(receptionist.getId()).orElseThrow().getCustomerId()).isNull();
  }

  @Test
  void shouldGiveRecordsAndMutableClassesIdsThroughSaveAll() {
    List<User> saved = users.saveAll(List.of(new User("A", "customer"),
        new User("B", "staff"), new User("C", "customer")));
    assertThat(saved.get(0).getCustomerId()).isNotNull();
    assertThat(saved.get(1).getCustomerId()).isNull();
    assertThat(format.parse(saved.get(2).getCustomerId()))
        .isEqualTo(format.parse(saved.get(0).getCustomerId()) + 1);

    List<Guest> guestsSaved = guests.saveAll(List.of(new Guest(null, null, "G1", "customer"),
        new Guest(null, null, "G2", "staff")));
    assertThat(guestsSaved.get(0).customerId()).isNotNull();
    assertThat(guestsSaved.get(1).customerId()).isNull();
    Guest one = guests.save(new Guest(null, null, "G3", "customer"));
    assertThat(guests.findById(one.id()).orElseThrow().customerId()).isEqualTo(one.customerId());
  }

  @Test
  void shouldGiveMutableClassesAndRecordsIdsThroughTheTemplatesInsertAll() {
    List<User> mutable = List.of(new User("Batch A", "customer"), new User("Batch B", "staff"),
        new User("Batch C", "customer"));
    template.insertAll(mutable);
    assertThat(mutable.get(0).getCustomerId()).isNotNull();
    assertThat(mutable.get(1).getCustomerId()).isNull();
    assertThat(format.parse(mutable.get(2).getCustomerId()))
        .isEqualTo(format.parse(mutable.get(0).getCustomerId()) + 1);
    assertThat(users.findById(mutable.get(0).getId()).orElseThrow().getCustomerId())
        .isEqualTo(mutable.get(0).getCustomerId());
    assertThat(users.findById(mutable.get(1).getId()).orElseThrow().getCustomerId()).isNull();

    // A record cannot be changed: insertAll returns new instances, with the IDs.
    List<Guest> records = new ArrayList<>(template.insertAll(List.of(
        new Guest(null, null, "Batch G1", "customer"), new Guest(null, null, "Batch G2", "staff"))));
    assertThat(records).extracting(Guest::name).containsExactly("Batch G1", "Batch G2");
    assertThat(records.get(0).customerId()).isNotNull();
    assertThat(format.parse(records.get(0).customerId())).isGreaterThan(IMPORTED);
    assertThat(records.get(1).customerId()).isNull();
    assertThat(guests.findById(records.get(0).id()).orElseThrow().customerId())
        .isEqualTo(records.get(0).customerId());
    assertThat(guests.findById(records.get(1).id()).orElseThrow().customerId()).isNull();
  }

  @Test
  void shouldFindByATypedIdThroughADerivedQueryAndTheTemplate() {
    User saved = users.save(new User("Findable", "customer"));
    String typed = "  " + saved.getCustomerId().toLowerCase() + " ";
    assertThat(users.findByCustomerId(lookup.normalize(typed))).get()
        .extracting(User::getName).isEqualTo("Findable");
    assertThat(lookup.findOne(User.class, typed)).get()
        .extracting(User::getName).isEqualTo("Findable");
  }

  @Test
  void shouldKeepTheCounterAtLeastTheHighestIdInTheData() {
    users.save(new User("Check", "customer"));
    OptionalLong counter = store.current("customerId");
    assertThat(counter).isPresent();
    assertThat(users.findAll()).allSatisfy(u -> {
      if (u.getCustomerId() != null) {
        assertThat(format.parse(u.getCustomerId())).isLessThanOrEqualTo(counter.getAsLong());
      }
    });
  }
}
