package io.github.customerid.spring.boot;

import io.github.customerid.core.IdAllocator;

/**
 * Customizes the {@link IdAllocator} the auto-configuration builds, after the {@code customer-id.*}
 * properties were applied. Every bean of this type is applied, in {@code @Order}; an integration
 * (metrics, for example) adds one instead of replacing the allocator.
 *
 * <pre>{@code
 * @Bean
 * CustomerIdAllocatorCustomizer prefetch() {
 *   return builder -> builder.prefetchPercent(50);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface CustomerIdAllocatorCustomizer {

  /**
   * Customizes the builder.
   *
   * @param builder the allocator's builder, never null
   */
  void customize(IdAllocator.Builder builder);
}
