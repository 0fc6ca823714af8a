package io.github.customerid.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.customerid.core.IdAllocator;
import io.github.customerid.micrometer.MicrometerSequenceListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The metrics auto-configuration's conditions: meters with a {@link MeterRegistry} bean (Boot's own
 * metrics auto-configuration, or the application's), none without one or without {@code
 * customer-id-micrometer}, and the meters gone when the context closes.
 */
class CustomerIdMetricsAutoConfigurationTest {

  private static ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class,
            DataMongoAutoConfiguration.class, CustomerIdAutoConfiguration.class,
            CustomerIdMetricsAutoConfiguration.class))
        .withPropertyValues("spring.mongodb.uri=" + TestMongo.uri(),
            "spring.mongodb.database=" + TestMongo.freshDatabase("metrics"));
  }

  private static ApplicationContextRunner withBootMetrics() {
    return runner().withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
        SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class));
  }

  @Test
  void shouldPublishTheMetersInBootsMeterRegistry() {
    withBootMetrics().run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(MicrometerSequenceListener.class);
      MeterRegistry registry = context.getBean(MeterRegistry.class);
      // Registered at start-up, before the first ID.
      assertThat(registry.find(MicrometerSequenceListener.ALLOCATIONS)
          .tags("sequence", "customerId", "mode", "strict").functionCounter()).isNotNull();

      IdAllocator allocator = context.getBean(IdAllocator.class);
      allocator.next();
      allocator.next();

      assertThat(registry.get(MicrometerSequenceListener.ALLOCATIONS).functionCounter().count())
          .isEqualTo(2.0);
      assertThat(registry.get(MicrometerSequenceListener.STORE_CALLS)
          .tags("operation", "allocate", "outcome", "success").functionCounter().count())
          .isEqualTo(2.0);
      assertThat(registry.get(MicrometerSequenceListener.BLOCK_REMAINING).gauge().value())
          .isZero();
    });
  }

  @Test
  void shouldUseTheApplicationsOwnMeterRegistry() {
    runner().withUserConfiguration(OwnRegistry.class).run(context -> {
      assertThat(context).hasNotFailed();
      context.getBean(IdAllocator.class).next();

      assertThat(OwnRegistry.REGISTRY.get(MicrometerSequenceListener.ALLOCATIONS)
          .functionCounter().count()).isEqualTo(1.0);
    });
  }

  @Test
  void shouldRemoveTheMetersWhenTheContextCloses() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    runner().withBean(MeterRegistry.class, () -> registry).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(registry.find(MicrometerSequenceListener.ALLOCATIONS).meters()).isNotEmpty();
      context.close();

      assertThat(registry.getMeters()).isEmpty();
    });
  }

  @Test
  void shouldStayAwayWithoutAMeterRegistry() {
    runner().run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(IdAllocator.class)
          .doesNotHaveBean(MicrometerSequenceListener.class);
    });
  }

  @Test
  void shouldStayAwayWithoutTheMicrometerModule() {
    withBootMetrics().withClassLoader(new FilteredClassLoader(MicrometerSequenceListener.class))
        .run(context -> {
          assertThat(context).hasNotFailed().hasSingleBean(IdAllocator.class)
              .doesNotHaveBean(MicrometerSequenceListener.class);
          assertThat(context.getBean(MeterRegistry.class)
              .find(MicrometerSequenceListener.ALLOCATIONS).meters()).isEmpty();
        });
  }

  @Test
  void shouldBackOffFromTheApplicationsOwnListener() {
    withBootMetrics().withUserConfiguration(OwnListener.class).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(MicrometerSequenceListener.class))
          .isSameAs(context.getBean("ownListener"));
      context.getBean(IdAllocator.class).next();

      assertThat(OwnListener.REGISTRY.get(MicrometerSequenceListener.ALLOCATIONS)
          .functionCounter().count()).isEqualTo(1.0);
    });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnRegistry {
    static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();

    @Bean
    MeterRegistry ownRegistry() {
      return REGISTRY;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnListener {
    static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();

    @Bean
    MicrometerSequenceListener ownListener() {
      return new MicrometerSequenceListener(REGISTRY);
    }
  }
}
