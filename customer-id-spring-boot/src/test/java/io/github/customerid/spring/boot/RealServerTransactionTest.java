package io.github.customerid.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.github.customerid.core.spi.SequenceStore;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.MongoTransactionManager;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.transaction.support.TransactionTemplate;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * On a real replica set (the deployment named by {@value #URI_VARIABLE}, or a Testcontainers {@code
 * mongo:8.0} where Docker runs; skipped where neither exists): a customer saved inside a {@code
 * MongoTransactionManager} transaction that rolls back is not written, its number is burnt (the
 * counter keeps it), and the counter's command never carried the transaction.
 *
 * <p>With {@code -Dcustomerid.requireRealMongo=true}, a missing real server fails the test instead.
 */
class RealServerTransactionTest {

  static final String URI_VARIABLE = "CUSTOMER_ID_MONGODB_URI";
  private static MongoDBContainer container;

  private static synchronized String server() {
    String uri = System.getenv(URI_VARIABLE);
    if (uri != null && !uri.isBlank()) {
      return uri;
    }
    if (container == null) {
      if (!DockerClientFactory.instance().isDockerAvailable()) {
        return null;
      }
      container = new MongoDBContainer("mongo:8.0").withReplicaSet();
      container.start();
    }
    return container.getReplicaSetUrl("customer_id_test");
  }

  @AfterAll
  static void stop() {
    if (container != null) {
      container.stop();
    }
  }

  @Test
  void shouldBurnTheNumberOfARolledBackTransactionAndNeverSendTheCounterInIt() {
    String uri = server();
    if (uri == null) {
      RealMongoRequirement.skipOrFail("no Docker engine answers and " + URI_VARIABLE
          + " is not set", true, RealMongoRequirement.required());
    }
    List<CommandStartedEvent> commands = new CopyOnWriteArrayList<>();
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class,
            DataMongoAutoConfiguration.class, CustomerIdAutoConfiguration.class))
        .withPropertyValues("spring.mongodb.uri=" + uri,
            "spring.mongodb.database=" + TestMongo.freshDatabase("realtx") + "_"
                + System.nanoTime())
        .withUserConfiguration(Transactions.class)
        .withBean(MongoClientSettingsBuilderCustomizer.class, () -> settings ->
            settings.addCommandListener(new CommandListener() {
              @Override
              public void commandStarted(CommandStartedEvent event) {
                commands.add(event);
              }
            }))
        .run(context -> {
          assertThat(context).hasNotFailed();
          MongoTemplate template = context.getBean(MongoTemplate.class);
          // Create the collection outside the transaction (older servers refuse it inside).
          template.insert(new Customer("Before", "staff"));
          TransactionTemplate tx =
              new TransactionTemplate(context.getBean(MongoTransactionManager.class));
          commands.clear();

          tx.executeWithoutResult(status -> {
            template.insert(new Customer("Rolled back", "customer"));
            status.setRollbackOnly();
          });

          assertThat(template.exists(Query.query(Criteria.where("name").is("Rolled back")),
              Customer.class)).isFalse();
          assertThat(context.getBean(SequenceStore.class).current("customerId"))
              .isEqualTo(OptionalLong.of(1));
          assertThat(commands).filteredOn(c -> isOn(c, "users") && c.getCommandName()
              .equals("insert")).isNotEmpty()
              .allSatisfy(c -> assertThat(c.getCommand()).containsKey("txnNumber"));
          assertThat(commands).filteredOn(c -> isOn(c, "counters")).isNotEmpty()
              .allSatisfy(c -> assertThat(c.getCommand()).doesNotContainKey("txnNumber")
                  .doesNotContainKey("startTransaction"));
        });
  }

  private static boolean isOn(CommandStartedEvent event, String collection) {
    BsonDocument command = event.getCommand();
    return command.containsKey(event.getCommandName())
        && command.get(event.getCommandName()).isString()
        && command.getString(event.getCommandName()).getValue().equals(collection);
  }

  @Configuration(proxyBeanMethods = false)
  @AutoConfigurationPackage
  static class Transactions {
    @Bean
    MongoTransactionManager transactionManager(MongoDatabaseFactory factory) {
      return new MongoTransactionManager(factory);
    }
  }
}
