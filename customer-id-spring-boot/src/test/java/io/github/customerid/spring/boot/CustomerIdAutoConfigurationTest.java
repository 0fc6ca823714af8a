package io.github.customerid.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.github.customerid.core.AllocationMode;
import io.github.customerid.core.IdAllocator;
import io.github.customerid.core.IdFormat;
import io.github.customerid.core.spi.SequenceStore;
import io.github.customerid.memory.InMemorySequenceStore;
import io.github.customerid.mongo.MongoSequenceStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoOperations;

/**
 * Every condition of the auto-configuration, with {@link ApplicationContextRunner}: what it creates,
 * when it backs off, how properties bind, and how a wrong value fails start-up.
 */
class CustomerIdAutoConfigurationTest {

  private static final MongoClient client = MongoClients.create(TestMongo.uri());

  @AfterAll
  static void closeClient() {
    client.close();
  }

  private static ApplicationContextRunner runner(String database) {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class,
            DataMongoAutoConfiguration.class, CustomerIdAutoConfiguration.class))
        .withPropertyValues("spring.mongodb.uri=" + TestMongo.uri(),
            "spring.mongodb.database=" + database);
  }

  private static ApplicationContextRunner runner() {
    return runner(TestMongo.freshDatabase("autoconfig"));
  }

  @Test
  void shouldCreateEveryBeanWithTheDefaultsOfTheNodeSystem() {
    runner().run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).hasSingleBean(IdAllocator.class).hasSingleBean(SequenceStore.class)
          .hasSingleBean(CustomerIdEntityCallback.class).hasSingleBean(CustomerIdLookup.class)
          .hasSingleBean(CustomerIdHealthIndicator.class);
      IdAllocator allocator = context.getBean(IdAllocator.class);
      assertThat(allocator.format()).isEqualTo(IdFormat.defaultFormat());
      assertThat(allocator.sequence()).isEqualTo("customerId");
      assertThat(allocator.mode()).isEqualTo(AllocationMode.STRICT);
      MongoSequenceStore store = context.getBean(MongoSequenceStore.class);
      assertThat(store.collectionName()).isEqualTo("counters");
      assertThat(store.keyField()).isEqualTo("name");
      assertThat(store.valueField()).isEqualTo("seq");
      assertThat(allocator.next()).isEqualTo("PL1");
    });
  }

  @Test
  void shouldRunOnTheDriverSpringBootManages() {
    assertThat(com.mongodb.internal.build.MongoDriverVersion.VERSION)
        .isEqualTo(System.getProperty("spring-boot.mongodb-driver.version"));
  }

  @Test
  void shouldBindEveryProperty() {
    runner().withPropertyValues("customer-id.sequence=memberNo", "customer-id.prefix=CU",
        "customer-id.min-digits=4", "customer-id.check-digit=true", "customer-id.mode=block",
        "customer-id.block-size=50", "customer-id.counters.collection=sequences",
        "customer-id.counters.key-field=_id", "customer-id.counters.value-field=n",
        "customer-id.write-concern=w1").run(context -> {
          assertThat(context).hasNotFailed();
          IdAllocator allocator = context.getBean(IdAllocator.class);
          assertThat(allocator.sequence()).isEqualTo("memberNo");
          assertThat(allocator.format()).isEqualTo(
              IdFormat.builder().prefix("CU").minDigits(4).checkDigit(true).build());
          assertThat(allocator.mode()).isEqualTo(AllocationMode.BLOCK);
          assertThat(allocator.blockSize()).isEqualTo(50);
          MongoSequenceStore store = context.getBean(MongoSequenceStore.class);
          assertThat(store.collectionName()).isEqualTo("sequences");
          assertThat(store.keyField()).isEqualTo("_id");
          assertThat(store.valueField()).isEqualTo("n");
          assertThat(context.getBean(CustomerIdProperties.class).toWriteConcern())
              .isEqualTo(WriteConcern.W1);
          String id = allocator.next();
          assertThat(allocator.format().parse(id)).isEqualTo(1);
          assertThat(id).startsWith("CU0001");
        });
  }

  @Test
  void shouldBackOffFromTheApplicationsOwnBeans() {
    runner().withUserConfiguration(OwnBeans.class).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(IdFormat.class)).isSameAs(OwnBeans.FORMAT);
      assertThat(context.getBean(SequenceStore.class)).isSameAs(context.getBean("ownStore"));
      assertThat(context.getBean(IdAllocator.class)).isSameAs(context.getBean("ownAllocator"));
      assertThat(context.getBean(CustomerIdLookup.class)).isSameAs(context.getBean("ownLookup"));
      assertThat(context).hasSingleBean(CustomerIdEntityCallback.class);
    });
  }

  @Test
  void shouldApplyCustomizersAfterTheProperties() {
    runner().withPropertyValues("customer-id.mode=block")
        .withBean(CustomerIdAllocatorCustomizer.class, () -> b -> b.blocks(7))
        .withBean(CustomerIdStoreCustomizer.class, () -> b -> b.collection("custom_counters"))
        .run(context -> {
          assertThat(context.getBean(IdAllocator.class).blockSize()).isEqualTo(7);
          assertThat(context.getBean(MongoSequenceStore.class).collectionName())
              .isEqualTo("custom_counters");
        });
  }

  @Test
  void shouldBeOffWhenDisabled() {
    runner().withPropertyValues("customer-id.enabled=false").run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).doesNotHaveBean(IdAllocator.class)
          .doesNotHaveBean(CustomerIdEntityCallback.class)
          .doesNotHaveBean(CustomerIdHealthIndicator.class);
    });
  }

  @Test
  void shouldBeOffWithoutMongoDb() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(CustomerIdAutoConfiguration.class))
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).doesNotHaveBean(IdAllocator.class);
        });
  }

  @Test
  void shouldBeOffWithoutSpringDataMongoDbOnTheClassPath() {
    runner().withClassLoader(new FilteredClassLoader(MongoOperations.class)).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).doesNotHaveBean(IdAllocator.class);
    });
  }

  @Test
  void shouldLeaveTheHealthIndicatorOutWithoutSpringBootHealth() {
    runner().withClassLoader(new FilteredClassLoader(HealthIndicator.class)).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).hasSingleBean(IdAllocator.class)
          .doesNotHaveBean(CustomerIdHealthIndicator.class);
    });
  }

  @Test
  void shouldLeaveTheHealthIndicatorOutWhenItsSwitchIsOff() {
    runner().withPropertyValues("management.health.customerid.enabled=false").run(context -> {
      assertThat(context).hasSingleBean(IdAllocator.class)
          .doesNotHaveBean(CustomerIdHealthIndicator.class);
    });
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = '|', value = {
      "customer-id.prefix|P L",
      "customer-id.prefix|''",
      "customer-id.min-digits|0",
      "customer-id.block-size|0",
      "customer-id.sequence|''",
      "customer-id.write-concern|bogus",
      "customer-id.write-concern|unacknowledged",
      "customer-id.counters.value-field|_id",
      "customer-id.counters.key-field|a.b",
  })
  void shouldFailStartUpNamingThePropertyAndTheValue(String property, String value) {
    runner().withPropertyValues("customer-id.mode=block", property + "=" + value).run(context -> {
      assertThat(context).hasFailed();
      Throwable failure = context.getStartupFailure();
      InvalidConfigurationPropertyValueException cause = findCause(failure,
          InvalidConfigurationPropertyValueException.class);
      assertThat(cause).as("cause of %s", failure).isNotNull();
      assertThat(cause.getName()).isEqualTo(property);
      assertThat(String.valueOf(cause.getValue())).isEqualTo(value);
      assertThat(cause.getMessage()).contains(property).contains("'" + value + "'");
    });
  }

  @ParameterizedTest(name = "block-size={0}")
  @CsvSource({"0", "-5"})
  void shouldFailStartUpOnABadBlockSizeInStrictModeToo(String blockSize) {
    runner().withPropertyValues("customer-id.mode=strict", "customer-id.block-size=" + blockSize)
        .run(context -> {
          assertThat(context).hasFailed();
          InvalidConfigurationPropertyValueException cause = findCause(
              context.getStartupFailure(), InvalidConfigurationPropertyValueException.class);
          assertThat(cause).as("cause of %s", context.getStartupFailure()).isNotNull();
          assertThat(cause.getName()).isEqualTo("customer-id.block-size");
          assertThat(cause.getMessage()).contains("customer-id.block-size")
              .contains("'" + blockSize + "'");
        });
  }

  @Test
  void shouldFailStartUpOnAnUnknownModeNamingThePropertyAndTheValue() {
    runner().withPropertyValues("customer-id.mode=sideways").run(context -> {
      assertThat(context).hasFailed();
      assertThat(messages(context.getStartupFailure()))
          .contains("customer-id.mode").contains("sideways");
    });
  }

  @Test
  void shouldPublishConfigurationMetadataForEveryProperty() throws Exception {
    String json;
    try (InputStream in = getClass().getResourceAsStream(
        "/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("generated metadata").isNotNull();
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (String name : List.of("enabled", "sequence", "prefix", "min-digits", "check-digit",
        "mode", "block-size", "write-concern", "counters.collection", "counters.key-field",
        "counters.value-field", "startup.create-indexes", "startup.reconcile")) {
      assertThat(json).contains("\"name\": \"customer-id." + name + "\"");
    }
    assertThat(json).contains("\"defaultValue\": \"counters\"").contains("\"defaultValue\": \"PL\"");
  }

  @Test
  void shouldCreateTheIndexesAndReconcileAtStartUp() {
    String db = TestMongo.freshDatabase("startup");
    MongoDatabase database = client.getDatabase(db);
    database.getCollection("users").insertOne(
        new Document("name", "Imported").append("role", "customer").append("customerId", "PL57"));
    runner(db).withUserConfiguration(ScannedEntities.class).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(SequenceStore.class).current("customerId"))
          .isEqualTo(OptionalLong.of(57));
      assertThat(uniqueSparseIndexes(database.getCollection("users").listIndexes()))
          .contains("customerId");
      assertThat(uniqueSparseIndexes(database.getCollection("members").listIndexes()))
          .contains("memberNo");
    });
  }

  @Test
  void shouldDoNothingAtStartUpWhenBothStepsAreOff() {
    String db = TestMongo.freshDatabase("startup_off");
    MongoDatabase database = client.getDatabase(db);
    database.getCollection("users").insertOne(
        new Document("name", "Imported").append("role", "customer").append("customerId", "PL57"));
    runner(db).withUserConfiguration(ScannedEntities.class)
        .withPropertyValues("customer-id.startup.create-indexes=false",
            "customer-id.startup.reconcile=false")
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(SequenceStore.class).current("customerId")).isEmpty();
          assertThat(uniqueSparseIndexes(database.getCollection("users").listIndexes())).isEmpty();
        });
  }

  @Test
  void shouldTakeTheCounterIndexFromTheApplicationsOwnMongoStoreAndLeaveCountersAlone() {
    String db = TestMongo.freshDatabase("own_store");
    MongoDatabase database = client.getDatabase(db);
    database.getCollection("users").insertOne(
        new Document("name", "Imported").append("role", "customer").append("customerId", "PL57"));
    runner(db).withUserConfiguration(ScannedEntities.class, OwnMongoStore.class).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(SequenceStore.class).current("customerId"))
          .isEqualTo(OptionalLong.of(57));
      assertThat(database.listCollectionNames()).contains("own").doesNotContain("counters");
      assertThat(uniqueIndexes(database.getCollection("own").listIndexes())).contains("name");
    });
  }

  @Test
  void shouldCreateNoCounterIndexForAnOwnMongoStoreBuiltToCreateNone() {
    String db = TestMongo.freshDatabase("own_store_no_index");
    MongoDatabase database = client.getDatabase(db);
    runner(db).withUserConfiguration(ScannedEntities.class)
        .withBean("ownStore", SequenceStore.class, () -> MongoSequenceStore.builder(
            client.getDatabase(db)).collection("own").createCounterIndex(false).build())
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(database.listCollectionNames()).doesNotContain("counters");
          assertThat(uniqueIndexes(database.getCollection("own").listIndexes())).isEmpty();
          assertThat(uniqueSparseIndexes(database.getCollection("users").listIndexes()))
              .contains("customerId");
        });
  }

  @Test
  void shouldCreateNoCounterIndexForAStoreThatIsNotOnMongoDb() {
    String db = TestMongo.freshDatabase("memory_store");
    MongoDatabase database = client.getDatabase(db);
    database.getCollection("users").insertOne(
        new Document("name", "Imported").append("role", "customer").append("customerId", "PL57"));
    runner(db).withUserConfiguration(ScannedEntities.class)
        .withBean("memoryStore", SequenceStore.class, InMemorySequenceStore::new)
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(SequenceStore.class)).isInstanceOf(InMemorySequenceStore.class);
          assertThat(context.getBean(SequenceStore.class).current("customerId"))
              .isEqualTo(OptionalLong.of(57));
          assertThat(database.listCollectionNames()).doesNotContain("counters");
          assertThat(uniqueSparseIndexes(database.getCollection("users").listIndexes()))
              .contains("customerId");
        });
  }

  static List<String> uniqueIndexes(Iterable<Document> indexes) {
    List<String> fields = new ArrayList<>();
    for (Document index : indexes) {
      if (Boolean.TRUE.equals(index.get("unique"))) {
        fields.addAll(index.get("key", Document.class).keySet());
      }
    }
    return fields;
  }

  static List<String> uniqueSparseIndexes(Iterable<Document> indexes) {
    List<String> fields = new ArrayList<>();
    for (Document index : indexes) {
      if (Boolean.TRUE.equals(index.get("unique")) && Boolean.TRUE.equals(index.get("sparse"))) {
        fields.addAll(index.get("key", Document.class).keySet());
      }
    }
    return fields;
  }

  static <T extends Throwable> T findCause(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }

  static String messages(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getMessage()).append('\n');
    }
    return sb.toString();
  }

  /** Makes Spring Boot scan this package for {@code @Document} entities, as an application does. */
  @Configuration(proxyBeanMethods = false)
  @AutoConfigurationPackage
  static class ScannedEntities {}

  /** Only a store of the application's own: counters in {@code own}, keyed by {@code name}. */
  @Configuration(proxyBeanMethods = false)
  static class OwnMongoStore {
    @Bean
    SequenceStore ownStore(org.springframework.data.mongodb.MongoDatabaseFactory factory) {
      return MongoSequenceStore.builder(factory.getMongoDatabase()).collection("own").build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnBeans {
    static final IdFormat FORMAT = IdFormat.of("OWN");

    @Bean
    IdFormat ownFormat() {
      return FORMAT;
    }

    @Bean
    SequenceStore ownStore(org.springframework.data.mongodb.MongoDatabaseFactory factory) {
      return MongoSequenceStore.builder(factory.getMongoDatabase()).collection("own").build();
    }

    @Bean
    IdAllocator ownAllocator(SequenceStore ownStore) {
      return IdAllocator.builder(ownStore).format(FORMAT).build();
    }

    @Bean
    CustomerIdLookup ownLookup(MongoOperations operations) {
      return CustomerIdLookup.of(FORMAT, operations);
    }
  }
}
