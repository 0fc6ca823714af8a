package io.github.customerid.spring.boot;

import io.github.customerid.core.IdAllocator;
import io.github.customerid.micrometer.MicrometerSequenceListener;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters for customer-id ({@code customerid.*}, see {@link MicrometerSequenceListener})
 * when the application has a {@link MeterRegistry} bean (Actuator, or its own) and {@code
 * customer-id-micrometer} is on the class path: the auto-configured {@link IdAllocator} and store
 * report to a {@link MicrometerSequenceListener}, and every {@link IdAllocator} bean is {@linkplain
 * MicrometerSequenceListener#monitor monitored} (its meters registered at start-up, and the block
 * gauge). The listener is closed, and its meters removed, with the context. Define a {@link
 * MicrometerSequenceListener} bean to replace it.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
    "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
    "io.github.customerid.spring.boot.CustomerIdAutoConfiguration"})
@ConditionalOnClass({MeterRegistry.class, MicrometerSequenceListener.class})
@ConditionalOnBean(MeterRegistry.class)
public final class CustomerIdMetricsAutoConfiguration {

  /** Creates the auto-configuration; Spring calls it. */
  public CustomerIdMetricsAutoConfiguration() {}

  /**
   * The listener that turns the allocator's events into meters.
   *
   * @param registry the application's meter registry
   * @return the listener, closed with the context
   */
  @Bean
  @ConditionalOnMissingBean
  public MicrometerSequenceListener customerIdMeterListener(MeterRegistry registry) {
    return new MicrometerSequenceListener(registry);
  }

  /**
   * Gives the listener to the auto-configured allocator.
   *
   * @param listener the listener
   * @return the customizer
   */
  @Bean
  public CustomerIdAllocatorCustomizer customerIdMetricsAllocatorCustomizer(
      MicrometerSequenceListener listener) {
    return builder -> builder.listener(listener);
  }

  /**
   * Gives the listener to the auto-configured store, which reports its retries to it.
   *
   * @param listener the listener
   * @return the customizer
   */
  @Bean
  public CustomerIdStoreCustomizer customerIdMetricsStoreCustomizer(
      MicrometerSequenceListener listener) {
    return builder -> builder.listener(listener);
  }

  /**
   * Registers the meters of every allocator bean once the singletons exist.
   *
   * @param listener the listener
   * @param allocators the allocator beans
   * @return the callback
   */
  @Bean
  public SmartInitializingSingleton customerIdMetricsMonitor(MicrometerSequenceListener listener,
      ObjectProvider<IdAllocator> allocators) {
    return () -> allocators.orderedStream().forEach(listener::monitor);
  }
}
