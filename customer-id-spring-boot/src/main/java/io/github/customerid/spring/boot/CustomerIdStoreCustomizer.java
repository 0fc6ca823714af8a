package io.github.customerid.spring.boot;

import io.github.customerid.mongo.MongoSequenceStore;

/**
 * Customizes the {@link MongoSequenceStore} the auto-configuration builds, after the {@code
 * customer-id.*} properties were applied. Every bean of this type is applied, in {@code @Order}.
 *
 * <pre>{@code
 * @Bean
 * CustomerIdStoreCustomizer fewerRetries() {
 *   return builder -> builder.maxAttempts(3);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface CustomerIdStoreCustomizer {

  /**
   * Customizes the builder.
   *
   * @param builder the store's builder, never null
   */
  void customize(MongoSequenceStore.Builder builder);
}
