package io.github.customerid.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.github.customerid.core.InvalidIdException;
import io.github.customerid.core.listener.DiscardReason;
import io.github.customerid.core.listener.SequenceListener;
import io.github.customerid.core.spi.SequenceStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.data.mongodb.core.BulkOperations.BulkMode;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.event.AuditingEntityCallback;
import org.springframework.data.mongodb.core.mapping.event.BeforeConvertCallback;

/**
 * What a service sees when it saves entities through {@code MongoTemplate}: IDs on insert, save,
 * insertAll and bulk inserts, for mutable classes, records and classes with withers; none for staff;
 * existing values kept; collisions healed; look-up and health.
 */
class CustomerIdEntityCallbackTest {

  private static final MongoClient client = MongoClients.create(TestMongo.uri());

  @AfterAll
  static void closeClient() {
    client.close();
  }

  private String database;

  private void run(Consumer<AssertableApplicationContext> test) {
    run(new Class<?>[0], test);
  }

  private void run(Class<?>[] extraConfiguration, Consumer<AssertableApplicationContext> test) {
    run(new String[0], extraConfiguration, test);
  }

  private void run(String[] properties, Class<?>[] extraConfiguration,
      Consumer<AssertableApplicationContext> test) {
    database = TestMongo.freshDatabase("callback");
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class,
            DataMongoAutoConfiguration.class, CustomerIdAutoConfiguration.class))
        .withPropertyValues("spring.mongodb.uri=" + TestMongo.uri(),
            "spring.mongodb.database=" + database)
        .withPropertyValues(properties)
        .withUserConfiguration(Entities.class)
        .withUserConfiguration(extraConfiguration)
        .run(context -> {
          assertThat(context).hasNotFailed();
          test.accept(context);
        });
  }

  private MongoDatabase db() {
    return client.getDatabase(database);
  }

  private Document stored(String collection, String name) {
    return db().getCollection(collection).find(Filters.eq("name", name)).first();
  }

  @Test
  void shouldGiveAMutableCustomerTheNextIdOnInsert() {
    run(context -> {
      MongoTemplate template = context.getBean(MongoTemplate.class);
      Customer john = new Customer("John Doe", "customer");
      Customer saved = template.insert(john);
      assertThat(saved).isSameAs(john);
      assertThat(john.getCustomerId()).isEqualTo("PL1");
      assertThat(stored("users", "John Doe").getString("customerId")).isEqualTo("PL1");
    });
  }

  @Test
  void shouldGiveStaffNoIdAndWriteNoField() {
    run(context -> {
      MongoTemplate template = context.getBean(MongoTemplate.class);
      Customer staff = template.insert(new Customer("Receptionist", "staff"));
      Customer roleless = template.insert(new Customer("Nobody", null));
      assertThat(staff.getCustomerId()).isNull();
      assertThat(roleless.getCustomerId()).isNull();
      assertThat(stored("users", "Receptionist")).doesNotContainKey("customerId");
      assertThat(context.getBean(SequenceStore.class).current("customerId")).isEmpty();
    });
  }

  @Test
  void shouldGiveARecordTheIdThroughANewInstance() {
    run(context -> {
      MongoTemplate template = context.getBean(MongoTemplate.class);
      Member input = new Member(null, null, "Mia");
      Member saved = template.insert(input);
      assertThat(input.number()).isNull();
      assertThat(saved.number()).isEqualTo("PL1");
      assertThat(saved.id()).isNotNull();
      assertThat(stored("members", "Mia").getString("memberNo")).isEqualTo("PL1");
    });
  }

  @Test
  void shouldGiveAnImmutableClassTheIdThroughItsWitherWithAnEnumRole() {
    run(context -> {
      MongoTemplate template = context.getBean(MongoTemplate.class);
      Client customer = template.insert(new Client(null, null, "Carla", Client.Role.CUSTOMER));
      Client staff = template.insert(new Client(null, null, "Sam", Client.Role.STAFF));
      assertThat(customer.getCustomerId()).isEqualTo("PL1");
      assertThat(staff.getCustomerId()).isNull();
      assertThat(stored("clients", "Carla").getString("customerId")).isEqualTo("PL1");
    });
  }

  @Test
  void shouldAssignOnSaveInsertAllAndBulkInserts() {
    run(context -> {
      MongoTemplate template = context.getBean(MongoTemplate.class);
      Customer saved = template.save(new Customer("Saved", "customer"));
      List<Customer> batch = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        batch.add(new Customer("Batch " + i, i % 2 == 0 ? "customer" : "staff"));
      }
      template.insertAll(batch);
      List<Customer> bulk = List.of(new Customer("Bulk 1", "customer"),
          new Customer("Bulk 2", "customer"));
      template.bulkOps(BulkMode.ORDERED, Customer.class).insert(bulk).execute();

      assertThat(saved.getCustomerId()).isEqualTo("PL1");
      assertThat(batch).extracting(Customer::getCustomerId)
          .containsExactly("PL2", null, "PL3", null, "PL4");
      Set<String> inDatabase = new TreeSet<>();
      db().getCollection("users").find(Filters.exists("customerId"))
          .forEach(d -> inDatabase.add(d.getString("customerId")));
      assertThat(inDatabase).containsExactlyInAnyOrder("PL1", "PL2", "PL3", "PL4", "PL5", "PL6");
      assertThat(stored("users", "Bulk 2").getString("customerId")).isEqualTo("PL6");
    });
  }

  @Test
  void shouldKeepAnyExistingIdAsItIsAndWarnOnceAboutOnesNotOfTheFormat() {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger logger = (Logger) LoggerFactory.getLogger(CustomerIdEntityCallback.class);
    logger.addAppender(logs);
    Level level = logger.getLevel();
    logger.setLevel(Level.DEBUG);
    try {
      run(context -> {
        MongoTemplate template = context.getBean(MongoTemplate.class);
        // As the Node system's pre-save hook: a customer who has a customer ID keeps it.
        for (String kept : List.of("PL900", "PL024", "pl7", "XY9", "PL-7")) {
          Customer imported = new Customer("Imported " + kept, "customer");
          imported.setCustomerId(kept);
          assertThat(template.insert(imported).getCustomerId()).isEqualTo(kept);
          assertThat(stored("users", "Imported " + kept).getString("customerId")).isEqualTo(kept);
        }
        // Missing or blank: the next ID.
        Customer blank = new Customer("Blank", "customer");
        blank.setCustomerId("  ");
        assertThat(template.insert(blank).getCustomerId()).isEqualTo("PL1");
        assertThat(template.insert(new Customer("New", "customer")).getCustomerId())
            .isEqualTo("PL2");

        // PL024 spells 24 (a padding of 3): kept silently. One WARN for the first value that is
        // no ID of the prefix, naming the sequence, where it is and the value; the others at
        // DEBUG, so that an import cannot flood the log.
        List<ILoggingEvent> warnings = logs.list.stream()
            .filter(e -> e.getLevel() == Level.WARN).toList();
        assertThat(warnings).singleElement().extracting(ILoggingEvent::getFormattedMessage)
            .asString().contains("sequence customerId").contains(database + ".users.customerId")
            .contains("pl7").contains("further ones");
        List<String> debug = logs.list.stream().filter(e -> e.getLevel() == Level.DEBUG)
            .map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(debug).hasSize(2).anySatisfy(m -> assertThat(m).contains("XY9"))
            .anySatisfy(m -> assertThat(m).contains("PL-7"));
        assertThat(logs.list).noneSatisfy(e -> assertThat(e.getFormattedMessage())
            .containsAnyOf("PL900", "PL024"));
      });
    } finally {
      logger.detachAppender(logs);
      logger.setLevel(level);
    }
  }

  @Test
  void shouldRunAfterAuditingAndAfterTheApplicationsOrderedCallbacks() {
    assertThat(CustomerIdEntityCallback.ORDER)
        .isGreaterThan(new AuditingEntityCallback(() -> null).getOrder());
    run(context -> {
      // An application callback that decides who is a customer runs first, whatever its order.
      MongoTemplate template = context.getBean(MongoTemplate.class);
      Customer walkIn = template.insert(new Customer("Walk-in", "walk-in"));
      assertThat(walkIn.getRole()).isEqualTo("customer");
      assertThat(walkIn.getCustomerId()).isEqualTo("PL1");
    });
  }

  @Test
  void shouldHealTheCounterWhenASaveCollidesAndNameTheIdAndTheCure() {
    run(context -> {
      MongoTemplate template = context.getBean(MongoTemplate.class);
      for (int i = 1; i <= 3; i++) {
        template.insert(new Customer("Early " + i, "customer"));
      }
      // Someone sets the counter back while the service runs.
      db().getCollection("counters").updateOne(Filters.eq("name", "customerId"),
          new Document("$set", new Document("seq", 1L)));

      Customer late = new Customer("Late", "customer");
      assertThatThrownBy(() -> template.insert(late))
          .isInstanceOf(CustomerIdCollisionException.class)
          .hasMessageContaining("customer ID PL2 already taken")
          .hasMessageContaining("moved to 3")
          .hasMessageContaining("save the entity again")
          .satisfies(e -> assertThat(((CustomerIdCollisionException) e).ids())
              .containsExactly("PL2"));
      template.insert(late);
      assertThat(late.getCustomerId()).isEqualTo("PL4");

      Member member = template.insert(new Member(null, null, "Member"));
      assertThat(member.number()).isEqualTo("PL5");
    });
  }

  @Test
  void shouldReportTheHealOfACollidingSaveToTheSequenceListeners() {
    run(new Class<?>[] {HealListener.class}, context -> {
      MongoTemplate template = context.getBean(MongoTemplate.class);
      template.insert(new Customer("Early 1", "customer"));
      template.insert(new Customer("Early 2", "customer"));
      db().getCollection("counters").updateOne(Filters.eq("name", "customerId"),
          new Document("$set", new Document("seq", 0L)));
      List<String> heals = context.getBean(HealListener.class).heals;
      assertThat(heals).isEmpty();

      assertThatThrownBy(() -> template.insert(new Customer("Late", "customer")))
          .isInstanceOf(CustomerIdCollisionException.class);

      // The save took 1 (PL1 is taken), the heal moved the counter from 1 to 2, past PL2.
      assertThat(heals).singleElement().asString()
          .startsWith("customerId 1 -> 2: ")
          .contains("self-heal", "PL1", "users.customerId", "highest stored ID PL2");
    });
  }

  @Test
  void shouldReportTheNumberOfAnEntityThatCannotTakeItsIdAsDiscarded() {
    run(new Class<?>[] {DiscardListener.class}, context -> {
      MongoTemplate template = context.getBean(MongoTemplate.class);

      assertThatThrownBy(() -> template.insert(new Guest(null, null, " ")))
          .hasStackTraceContaining("a numbered guest needs a name");

      // PL1 was drawn and never reached an entity: a gap, reported once. The next guest gets PL2.
      assertThat(context.getBean(DiscardListener.class).discarded)
          .containsExactly("customerId 1 FAILURE");
      assertThat(template.insert(new Guest(null, null, "Gus")).customerId()).isEqualTo("PL2");
      assertThat(context.getBean(DiscardListener.class).discarded).hasSize(1);
    });
  }

  @Test
  void shouldNotTakeAnotherIndexsDuplicateForACollision() {
    run(context -> {
      MongoTemplate template = context.getBean(MongoTemplate.class);
      db().getCollection("users").createIndex(new Document("name", 1),
          new com.mongodb.client.model.IndexOptions().unique(true));
      template.insert(new Customer("Twin", "customer"));
      assertThatThrownBy(() -> template.insert(new Customer("Twin", "customer")))
          .isInstanceOf(org.springframework.dao.DuplicateKeyException.class)
          .isNotInstanceOf(CustomerIdCollisionException.class);
    });
  }

  @Test
  void shouldFindACustomerByATypedId() {
    run(context -> {
      MongoTemplate template = context.getBean(MongoTemplate.class);
      template.insert(new Customer("Other", "customer"));
      template.insert(new Customer("John Doe", "customer"));
      CustomerIdLookup lookup = context.getBean(CustomerIdLookup.class);
      assertThat(lookup.normalize(" pl2 ")).isEqualTo("PL2");
      assertThat(lookup.findOne(Customer.class, " pl2 ")).get()
          .extracting(Customer::getName).isEqualTo("John Doe");
      assertThat(lookup.findOne(Customer.class, "PL77")).isEmpty();
      assertThatThrownBy(() -> lookup.findOne(Customer.class, "P L2"))
          .isInstanceOf(InvalidIdException.class).hasMessageContaining("P L2");
    });
  }

  /** Under a padding of 4, with PL1 and PL2 written by the old format and known to the counter. */
  private void runWithOldSpellings(Consumer<AssertableApplicationContext> test) {
    run(new String[] {"customer-id.min-digits=4"}, new Class<?>[0], context -> {
      db().getCollection("users").insertMany(List.of(
          new Document("name", "Old One").append("role", "customer").append("customerId", "PL1"),
          new Document("name", "Old Two").append("role", "customer").append("customerId", "PL2")));
      context.getBean(SequenceStore.class).advanceTo("customerId", 2);
      test.accept(context);
    });
  }

  @Test
  void shouldFindIdsStoredBeforeTheFormatsPaddingChanged() {
    runWithOldSpellings(context -> {
      MongoTemplate template = context.getBean(MongoTemplate.class);
      CustomerIdLookup lookup = context.getBean(CustomerIdLookup.class);

      for (String typed : List.of("PL0001", "PL1", " pl1 ", "PL01")) {
        assertThat(lookup.findOne(Customer.class, typed)).as(typed).get()
            .extracting(Customer::getName).isEqualTo("Old One");
      }
      assertThat(template.find(lookup.query(Customer.class, "PL0002"), Customer.class))
          .extracting(Customer::getName).containsExactly("Old Two");
      assertThat(lookup.findOne(Customer.class, "PL0003")).isEmpty();
      assertThatThrownBy(() -> lookup.findOne(Customer.class, "PL0")).isInstanceOf(
          InvalidIdException.class);
    });
  }

  @Test
  void shouldKeepIdsStoredBeforeTheFormatsPaddingChangedOnSave() {
    runWithOldSpellings(context -> {
      MongoTemplate template = context.getBean(MongoTemplate.class);
      Customer one = template.findOne(org.springframework.data.mongodb.core.query.Query.query(
          org.springframework.data.mongodb.core.query.Criteria.where("name").is("Old One")),
          Customer.class);
      one.setName("Old One, renamed");
      template.save(one);
      assertThat(stored("users", "Old One, renamed").getString("customerId")).isEqualTo("PL1");

      // An entity carrying an old spelling keeps it too; a new one gets the padded format.
      Customer imported = new Customer("Imported", "customer");
      imported.setCustomerId("PL7");
      template.insert(imported);
      assertThat(stored("users", "Imported").getString("customerId")).isEqualTo("PL7");
      assertThat(template.insert(new Customer("New", "customer")).getCustomerId())
          .isEqualTo("PL0003");
    });
  }

  @Test
  void shouldReportHealthOfCounterIndexAndData() {
    run(context -> {
      MongoTemplate template = context.getBean(MongoTemplate.class);
      template.insert(new Customer("One", "customer"));
      template.insert(new Customer("Two", "customer"));
      CustomerIdHealthIndicator health = context.getBean(CustomerIdHealthIndicator.class);
      Health up = health.health(true);
      assertThat(up.getStatus()).isEqualTo(Status.UP);
      assertThat(up.getDetails()).containsEntry("counter", 2L).containsEntry("counterReadable", true);
      assertThat(up.getDetails().get("collections").toString())
          .contains("users.customerId={").contains("uniqueIndex=true")
          .contains("counterBehindData=false");

      db().getCollection("counters").updateOne(Filters.eq("name", "customerId"),
          new Document("$set", new Document("seq", 1L)));
      assertThat(health.health(true).getDetails().get("collections").toString())
          .contains("counterBehindData=true");

      db().getCollection("users").dropIndex("customerId_1");
      assertThat(health.health(true).getStatus()).isEqualTo(Status.DOWN);
    });
  }

  /** Scans this package for entities, and decides walk-ins are customers in a callback of its own. */
  @Configuration(proxyBeanMethods = false)
  @AutoConfigurationPackage
  static class Entities {

    @Bean
    BeforeConvertCallback<Customer> walkInsAreCustomers() {
      return new WalkIns();
    }
  }

  /** Records every heal reported to the application's {@link SequenceListener} bean. */
  @Configuration(proxyBeanMethods = false)
  static class HealListener implements SequenceListener {
    final List<String> heals = new CopyOnWriteArrayList<>();

    @Override
    public void onHeal(String sequence, long from, long to, String reason) {
      heals.add(sequence + " " + from + " -> " + to + ": " + reason);
    }
  }

  /** Records every discard reported to the application's {@link SequenceListener} bean. */
  @Configuration(proxyBeanMethods = false)
  static class DiscardListener implements SequenceListener {
    final List<String> discarded = new CopyOnWriteArrayList<>();

    @Override
    public void onDiscarded(String sequence, long count, DiscardReason reason) {
      discarded.add(sequence + " " + count + " " + reason);
    }
  }

  static final class WalkIns implements BeforeConvertCallback<Customer>, Ordered {
    @Override
    public Customer onBeforeConvert(Customer entity, String collection) {
      if (Objects.equals(entity.getRole(), "walk-in")) {
        entity.setRole("customer");
      }
      return entity;
    }

    @Override
    public int getOrder() {
      return 200;
    }
  }
}
