package io.github.customerid.spring.boot.usage;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.customerid.core.IdFormat;
import io.github.customerid.spring.boot.CustomerIdAutoConfiguration;
import io.github.customerid.spring.boot.CustomerIdEntityCallback;
import io.github.customerid.spring.boot.CustomerIdHealthIndicator;
import io.github.customerid.spring.boot.CustomerIdLookup;
import io.github.customerid.spring.boot.TestMongo;
import io.github.customerid.spring.boot.app.User;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * What an application outside the starter's package can replace, written as an application writes
 * it: its own {@link CustomerIdLookup} through the public factory, and its own health indicator
 * under the name {@code customerIdHealthIndicator}. The entity callback is not replaceable; it is
 * customised through its inputs.
 */
class ApplicationBeansTest {

  private static ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class,
            DataMongoAutoConfiguration.class, CustomerIdAutoConfiguration.class))
        .withPropertyValues("spring.mongodb.uri=" + TestMongo.uri(),
            "spring.mongodb.database=" + TestMongo.freshDatabase("usage"))
        .withUserConfiguration(Entities.class);
  }

  @Test
  void shouldBackOffFromTheApplicationsOwnLookupBuiltWithThePublicFactory() {
    runner().withUserConfiguration(OwnLookup.class).run(context -> {
      assertThat(context).hasNotFailed();
      CustomerIdLookup lookup = context.getBean(CustomerIdLookup.class);
      assertThat(lookup).isSameAs(context.getBean("ownLookup"));
      assertThat(context).hasSingleBean(CustomerIdEntityCallback.class);

      User saved = context.getBean(MongoTemplate.class).insert(new User("John Doe", "customer"));
      assertThat(saved.getCustomerId()).isEqualTo("PL1");
      assertThat(lookup.normalize(" pl1 ")).isEqualTo("PL1");
      assertThat(lookup.findOne(User.class, " pl1 ")).get()
          .extracting(User::getName).isEqualTo("John Doe");
    });
  }

  @Test
  void shouldBackOffFromAHealthIndicatorOfTheApplicationNamedCustomerIdHealthIndicator() {
    runner().withBean("customerIdHealthIndicator", HealthIndicator.class,
        () -> () -> Health.outOfService().build()).run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).doesNotHaveBean(CustomerIdHealthIndicator.class);
          assertThat(context.getBean("customerIdHealthIndicator", HealthIndicator.class)
              .health().getStatus().getCode()).isEqualTo("OUT_OF_SERVICE");
        });
  }

  /** Scans the test application's package for {@code @Document} entities. */
  @Configuration(proxyBeanMethods = false)
  @AutoConfigurationPackage(basePackageClasses = User.class)
  static class Entities {}

  @Configuration(proxyBeanMethods = false)
  static class OwnLookup {
    @Bean
    CustomerIdLookup ownLookup(IdFormat format, MongoOperations operations) {
      return CustomerIdLookup.of(format, operations);
    }
  }
}
