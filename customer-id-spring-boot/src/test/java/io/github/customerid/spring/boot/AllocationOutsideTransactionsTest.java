package io.github.customerid.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ClientSessionOptions;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import io.github.customerid.core.spi.SequenceStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.support.PersistenceExceptionTranslator;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.MongoTransactionManager;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Allocation never joins the caller's MongoDB transaction. The embedded server has no transactions,
 * so Spring's transaction machinery runs against a database factory that hands out a recording
 * session: whatever reaches the database through the transaction's session is recorded (and then
 * executed without it). The business insert goes through the session; the counter never does.
 * {@link RealServerTransactionTest} shows the same on a real replica set.
 */
class AllocationOutsideTransactionsTest {

  @Test
  void shouldTakeTheNumberOutsideTheCallersTransaction() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class,
            DataMongoAutoConfiguration.class, CustomerIdAutoConfiguration.class))
        .withPropertyValues("spring.mongodb.uri=" + TestMongo.uri())
        .withUserConfiguration(RecordingTransactions.class)
        .run(context -> {
          assertThat(context).hasNotFailed();
          RecordingFactory factory = context.getBean(RecordingFactory.class);
          MongoTemplate template = context.getBean(MongoTemplate.class);
          TransactionTemplate tx = new TransactionTemplate(
              context.getBean(MongoTransactionManager.class));

          Customer saved = tx.execute(status -> template.insert(new Customer("In tx", "customer")));

          assertThat(saved.getCustomerId()).isEqualTo("PL1");
          assertThat(factory.sessionCalls).as("the transaction was active and used")
              .contains("startTransaction", "commitTransaction");
          assertThat(factory.collectionsThroughSession).as("collections reached through the "
              + "transaction's session").contains("users").doesNotContain("counters");
          assertThat(context.getBean(SequenceStore.class).current("customerId"))
              .isEqualTo(OptionalLong.of(1));
        });
  }

  @Configuration(proxyBeanMethods = false)
  @AutoConfigurationPackage
  static class RecordingTransactions {

    /** Boot's client backs off when the application has its own factory, as this test has. */
    @Bean(destroyMethod = "close")
    MongoClient mongoClient() {
      return com.mongodb.client.MongoClients.create(TestMongo.uri());
    }

    @Bean
    RecordingFactory mongoDatabaseFactory(MongoClient client) {
      return new RecordingFactory(
          new SimpleMongoClientDatabaseFactory(client, TestMongo.freshDatabase("tx")));
    }

    @Bean
    MongoTransactionManager transactionManager(MongoDatabaseFactory factory) {
      return new MongoTransactionManager(factory);
    }
  }

  /** A database factory whose sessions record what they are used for. */
  static class RecordingFactory implements MongoDatabaseFactory {
    final MongoDatabaseFactory delegate;
    final List<String> sessionCalls = new CopyOnWriteArrayList<>();
    final List<String> collectionsThroughSession = new CopyOnWriteArrayList<>();

    RecordingFactory(MongoDatabaseFactory delegate) {
      this.delegate = delegate;
    }

    @Override
    public MongoDatabase getMongoDatabase() throws DataAccessException {
      return delegate.getMongoDatabase();
    }

    @Override
    public MongoDatabase getMongoDatabase(String name) throws DataAccessException {
      return delegate.getMongoDatabase(name);
    }

    @Override
    public PersistenceExceptionTranslator getExceptionTranslator() {
      return delegate.getExceptionTranslator();
    }

    @Override
    public ClientSession getSession(ClientSessionOptions options) {
      boolean[] active = new boolean[1];
      return (ClientSession) Proxy.newProxyInstance(getClass().getClassLoader(),
          new Class<?>[] {ClientSession.class}, (proxy, method, args) -> {
            sessionCalls.add(method.getName());
            switch (method.getName()) {
              case "startTransaction" -> active[0] = true;
              case "commitTransaction", "abortTransaction" -> active[0] = false;
              case "hasActiveTransaction" -> {
                return active[0];
              }
              case "getOptions" -> {
                return options;
              }
              case "equals" -> {
                return proxy == args[0];
              }
              case "hashCode" -> {
                return System.identityHashCode(proxy);
              }
              default -> { }
            }
            Class<?> type = method.getReturnType();
            if (type == boolean.class) {
              return false;
            }
            if (type == long.class || type == int.class) {
              return 0;
            }
            return null;
          });
    }

    @Override
    public MongoDatabaseFactory withSession(ClientSession session) {
      RecordingFactory outer = this;
      return new RecordingFactory(delegate) {
        @Override
        public MongoDatabase getMongoDatabase() {
          return recording(delegate.getMongoDatabase());
        }

        @Override
        public MongoDatabase getMongoDatabase(String name) {
          return recording(delegate.getMongoDatabase(name));
        }

        private MongoDatabase recording(MongoDatabase database) {
          return (MongoDatabase) Proxy.newProxyInstance(getClass().getClassLoader(),
              new Class<?>[] {MongoDatabase.class}, (proxy, method, args) -> {
                if (method.getName().equals("getCollection")) {
                  outer.collectionsThroughSession.add((String) args[0]);
                }
                try {
                  return method.invoke(database, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
        }
      };
    }
  }
}
