package io.github.customerid.examples.customerservice;

import com.mongodb.ConnectionString;
import io.github.customerid.mongo.embedded.EmbeddedMongo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * The default mode: without {@code spring.mongodb.uri}, the service starts an embedded MongoDB-wire
 * server in its own JVM (data lives as long as the process) and connects to it. With the property
 * set, this configuration is off and Spring Boot connects to that MongoDB.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedMongoDbConfiguration.NoMongoDbUri.class)
class EmbeddedMongoDbConfiguration {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoDbConfiguration.class);

  @Bean(destroyMethod = "close")
  EmbeddedMongo embeddedMongo() {
    EmbeddedMongo server = EmbeddedMongo.start();
    log.info("No spring.mongodb.uri set: using an embedded MongoDB-wire server at {} (in memory, "
        + "gone when the service stops)", server.connectionString());
    return server;
  }

  @Bean
  MongoConnectionDetails mongoConnectionDetails(EmbeddedMongo server) {
    ConnectionString uri = new ConnectionString(server.connectionString() + "/customer_service");
    return () -> uri;
  }

  /** Matches when no MongoDB connection string is configured. */
  static final class NoMongoDbUri implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return !context.getEnvironment().containsProperty("spring.mongodb.uri");
    }
  }
}
