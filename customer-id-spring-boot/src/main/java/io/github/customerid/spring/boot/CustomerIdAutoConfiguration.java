package io.github.customerid.spring.boot;

import com.mongodb.MongoNamespace;
import io.github.customerid.core.IdAllocator;
import io.github.customerid.core.IdFormat;
import io.github.customerid.core.listener.SequenceListener;
import io.github.customerid.core.spi.SequenceStore;
import io.github.customerid.mongo.MongoIndexBootstrap;
import io.github.customerid.mongo.MongoSequenceStore;
import java.util.Optional;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.core.MongoDatabaseFactorySupport;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;

/**
 * Customer IDs on save for Spring Data MongoDB: put {@link CustomerId} on an entity's {@code String}
 * property and every new customer gets the next ID ({@code PL1}, {@code PL2}, ...) from the durable
 * counter the Node/Mongoose system this library replaces also uses ({@code counters}, {@code {name:
 * "customerId", seq: N}}).
 *
 * <p>Runs after Spring Boot's MongoDB and Spring Data MongoDB auto-configurations, when a {@link
 * MongoDatabaseFactory} exists and {@code customer-id.enabled} is not {@code false}. These beans back
 * off when the application defines its own of the same type: {@link IdFormat}, {@link
 * SequenceStore}, {@link IdAllocator}, {@link CustomerIdLookup} (made with {@link
 * CustomerIdLookup#of}), and the health indicator by its name {@code customerIdHealthIndicator}. The
 * {@link CustomerIdEntityCallback} does not: it is customised through those beans and {@link
 * CustomerId}. Properties: {@link CustomerIdProperties}. Extension points: {@link
 * CustomerIdAllocatorCustomizer}, {@link CustomerIdStoreCustomizer}.
 *
 * <p>At start-up, for every entity type with a {@link CustomerId} property that Spring Data knows,
 * the unique sparse index on the ID field is created and the counter is reconciled with the data
 * ({@code customer-id.startup.*}). A save that still collides because the counter was set back heals
 * the counter and fails with a {@link CustomerIdCollisionException} naming the ID; the next save
 * succeeds. Each move of the counter by that reconcile or heal is reported to every {@link
 * SequenceListener} bean ({@link SequenceListener#onHeal}; with metrics on, the {@code
 * MicrometerSequenceListener}). The counter's database is the one of the application's {@link
 * MongoDatabaseFactory}, used outside any transaction.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration",
    "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration"})
@ConditionalOnClass({MongoOperations.class, MongoSequenceStore.class})
@ConditionalOnBooleanProperty(name = CustomerIdProperties.PREFIX + ".enabled", matchIfMissing = true)
@ConditionalOnBean({MongoDatabaseFactory.class, MongoMappingContext.class, MongoOperations.class})
@EnableConfigurationProperties(CustomerIdProperties.class)
public final class CustomerIdAutoConfiguration {

  /** Creates the auto-configuration; Spring calls it. */
  public CustomerIdAutoConfiguration() {}

  /**
   * The ID format from {@code customer-id.prefix}, {@code min-digits} and {@code check-digit}.
   *
   * @param properties the bound properties
   * @return the format
   */
  @Bean
  @ConditionalOnMissingBean
  public IdFormat customerIdFormat(CustomerIdProperties properties) {
    return properties.toFormat();
  }

  /**
   * The counter store on the application's database, with {@code customer-id.counters.*} and {@code
   * customer-id.write-concern}.
   *
   * @param properties the bound properties
   * @param factory the application's database factory; its plain database is used, never a
   *     session-bound one
   * @param customizers applied in order after the properties
   * @return the store
   */
  @Bean
  @ConditionalOnMissingBean(SequenceStore.class)
  public MongoSequenceStore customerIdSequenceStore(CustomerIdProperties properties,
      MongoDatabaseFactory factory, ObjectProvider<CustomerIdStoreCustomizer> customizers) {
    MongoSequenceStore.Builder builder = MongoSequenceStore.builder(factory.getMongoDatabase());
    properties.applyTo(builder);
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  /**
   * The allocator, strict or block as {@code customer-id.mode} says; closed with the context (block
   * mode gives its unused numbers back if the store can).
   *
   * @param properties the bound properties
   * @param store the counter store
   * @param format the ID format
   * @param customizers applied in order after the properties
   * @return the allocator
   */
  @Bean
  @ConditionalOnMissingBean
  public IdAllocator customerIdAllocator(CustomerIdProperties properties, SequenceStore store,
      IdFormat format, ObjectProvider<CustomerIdAllocatorCustomizer> customizers) {
    IdAllocator.Builder builder = IdAllocator.builder(store).format(format);
    properties.applyTo(builder);
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  @Bean
  CustomerIdEntities customerIdEntities(MongoMappingContext mappingContext) {
    return new CustomerIdEntities(mappingContext);
  }

  @Bean
  CustomerIdCollisions customerIdCollisions() {
    return new CustomerIdCollisions();
  }

  @Bean
  CustomerIdCollections customerIdCollections(CustomerIdProperties properties,
      MongoDatabaseFactory factory, SequenceStore store, IdAllocator allocator,
      ObjectProvider<SequenceListener> listeners) {
    return new CustomerIdCollections(factory.getMongoDatabase(), store, allocator.sequence(),
        allocator.format(), counterIndex(store, factory), properties.getStartup().isCreateIndexes(),
        properties.getStartup().isReconcile(), listeners.orderedStream().toList());
  }

  /**
   * The unique index of the counters of the store in use, wherever that store keeps them (its own
   * collection and key field, not {@code customer-id.counters.*}, which configure only the store
   * built here); none for a store that is not a {@link MongoSequenceStore} or that was built to
   * create no index.
   */
  static Optional<MongoIndexBootstrap> counterIndex(SequenceStore store,
      MongoDatabaseFactory factory) {
    if (!(store instanceof MongoSequenceStore mongo) || !mongo.createsCounterIndex()) {
      return Optional.empty();
    }
    String database = new MongoNamespace(mongo.namespace()).getDatabaseName();
    return Optional.of(MongoIndexBootstrap.builder(factory.getMongoDatabase(database))
        .counters(mongo).build());
  }

  /**
   * The entity callback that assigns IDs on save. It does not back off: it has no public
   * constructor, and what it does is customised through its inputs ({@code @CustomerId}'s rule of
   * who is a customer, the {@link IdFormat}, {@link SequenceStore} and {@link IdAllocator} beans,
   * the customizers); {@code customer-id.enabled=false} turns it off with everything else.
   *
   * @param allocator the allocator
   * @param entities the annotated entity types
   * @param collections the customer collections
   * @param collisions the collision bookkeeping
   * @return the callback
   */
  @Bean
  CustomerIdEntityCallback customerIdEntityCallback(IdAllocator allocator,
      CustomerIdEntities entities, CustomerIdCollections collections,
      CustomerIdCollisions collisions) {
    return new CustomerIdEntityCallback(allocator, entities, collections, collisions);
  }

  /**
   * Look-up of customers by a typed ID; backs off when the application defines its own, made with
   * {@link CustomerIdLookup#of}.
   *
   * @param allocator the allocator, for its format
   * @param entities the annotated entity types
   * @param operations the application's {@code MongoTemplate}
   * @return the look-up
   */
  @Bean
  @ConditionalOnMissingBean
  public CustomerIdLookup customerIdLookup(IdAllocator allocator, CustomerIdEntities entities,
      MongoOperations operations) {
    return new CustomerIdLookup(allocator.format(), entities, operations);
  }

  @Bean
  CustomerIdStartup customerIdStartup(CustomerIdEntities entities,
      CustomerIdCollections collections) {
    return new CustomerIdStartup(entities, collections);
  }

  /**
   * Puts collision healing into the exception translation of the application's database factory,
   * which {@code MongoTemplate} uses for every failed write.
   *
   * @param collections resolved on the first translated error
   * @param collisions resolved on the first translated error
   * @return the post-processor
   */
  @Bean
  static BeanPostProcessor customerIdExceptionTranslatorPostProcessor(
      ObjectProvider<CustomerIdCollections> collections,
      ObjectProvider<CustomerIdCollisions> collisions) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessBeforeInitialization(Object bean, String beanName)
          throws BeansException {
        if (bean instanceof MongoDatabaseFactorySupport<?> factory
            && !(factory.getExceptionTranslator() instanceof CustomerIdExceptionTranslator)) {
          factory.setExceptionTranslator(new CustomerIdExceptionTranslator(
              factory.getExceptionTranslator(), collections::getObject, collisions::getObject));
        }
        return bean;
      }
    };
  }

  /** The health indicator, when Spring Boot's health support is on the class path. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  @ConditionalOnEnabledHealthIndicator("customerid")
  static class HealthConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "customerIdHealthIndicator")
    CustomerIdHealthIndicator customerIdHealthIndicator(CustomerIdEntities entities,
        CustomerIdCollections collections) {
      return new CustomerIdHealthIndicator(entities, collections);
    }
  }
}
