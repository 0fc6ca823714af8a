package io.github.customerid.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.github.customerid.core.spi.SequenceStore;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;
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
import org.testcontainers.containers.ContainerFetchException;
import org.testcontainers.lifecycle.Startable;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * On a real replica set (the deployment named by {@value #URI_VARIABLE}, or a Testcontainers {@code
 * mongo:8.0} where Docker runs; skipped where neither exists, or Docker cannot start the container,
 * say because the image cannot be pulled): a customer saved inside a {@code
 * MongoTransactionManager} transaction that rolls back is not written, its number is burnt (the
 * counter keeps it), and the counter's command never carried the transaction.
 *
 * <p>With {@code -Dcustomerid.requireRealMongo=true}, a missing real server fails the test instead.
 */
class RealServerTransactionTest {

  static final String URI_VARIABLE = "CUSTOMER_ID_MONGODB_URI";
  static final String IMAGE = "mongo:8.0";
  private static MongoDBContainer container;
  /** Why there is no server, once known, so that a failed start is not tried again. */
  private static String unavailable;

  /**
   * The real server's connection string; skips the calling test (an assumption) when there is none:
   * no URI and no Docker, or Docker could not start the container (the image cannot be pulled, the
   * daemon refuses); with {@code -Dcustomerid.requireRealMongo=true} it fails it instead. Only
   * starting the server is guarded; what the test then does is not.
   */
  private static synchronized String server() {
    String uri = System.getenv(URI_VARIABLE);
    if (uri != null && !uri.isBlank()) {
      return uri;
    }
    if (container == null && unavailable == null) {
      if (!DockerClientFactory.instance().isDockerAvailable()) {
        unavailable = "no Docker engine answers and " + URI_VARIABLE + " is not set";
      } else {
        MongoDBContainer c = new MongoDBContainer(IMAGE).withReplicaSet();
        try {
          container = startOrSkip(IMAGE, c);
        } catch (TestAbortedException e) {
          unavailable = e.getMessage();
          try {
            c.stop(); // whatever the failed start left behind
          } catch (RuntimeException cleanup) {
            e.addSuppressed(cleanup);
          }
        }
      }
    }
    if (unavailable != null) {
      RealMongoRequirement.skipOrFail(unavailable, true, RealMongoRequirement.required());
    }
    return container.getReplicaSetUrl("customer_id_test");
  }

  /**
   * Starts {@code container}, or skips the calling test if it cannot be started: a failure there is
   * the environment's (no image, no registry, Docker refusing), not the code under test's.
   *
   * @throws TestAbortedException naming {@code what} and the cause if the start failed
   */
  static <T extends Startable> T startOrSkip(String what, T container) {
    try {
      container.start();
      return container;
    } catch (RuntimeException e) {
      throw new TestAbortedException(what + " could not be started in Docker: " + e
          + (e.getCause() == null ? "" : " (" + e.getCause() + ")"), e);
    }
  }

  @Test
  void shouldSkipNotFailWhenDockerCannotStartTheContainer() {
    Startable unpullable = new Startable() {
      @Override
      public void start() {
        throw new ContainerFetchException("Can't get Docker image: RemoteDockerImage(imageName="
            + IMAGE + ")", new IllegalStateException("pull access denied"));
      }

      @Override
      public void stop() {}
    };
    assertThatThrownBy(() -> startOrSkip(IMAGE, unpullable))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining(IMAGE).hasMessageContaining("pull access denied")
        .hasCauseInstanceOf(ContainerFetchException.class);
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
