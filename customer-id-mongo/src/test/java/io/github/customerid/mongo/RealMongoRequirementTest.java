package io.github.customerid.mongo;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The decision behind {@code -Dcustomerid.requireRealMongo=true}: skip, or fail with what is missing.
 * {@code customer-id-spring-boot}'s tests run the same tests on their copy of the class.
 */
class RealMongoRequirementTest {

  private static final String WHY =
      "no Docker engine answers and CUSTOMER_ID_MONGODB_URI is not set";

  @Test
  void shouldFailWhenRequiredAndNoRealServerIsReachable() {
    assertThatThrownBy(() -> RealMongoRequirement.skipOrFail(WHY, true, true))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("-Dcustomerid.requireRealMongo=true")
        .hasMessageContaining(WHY);
    assertThatThrownBy(() -> RealMongoRequirement.failIfRequired(WHY, true, true))
        .isInstanceOf(AssertionFailedError.class);
  }

  @Test
  void shouldSkipWhenNotRequired() {
    assertThatThrownBy(() -> RealMongoRequirement.skipOrFail(WHY, true, false))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining(WHY);
    assertThatCode(() -> RealMongoRequirement.failIfRequired(WHY, true, false))
        .doesNotThrowAnyException();
  }

  @Test
  void shouldSkipWhenRequiredButAnotherRealServerRunsTheTests() {
    String why = "no Docker engine answers";
    assertThatThrownBy(() -> RealMongoRequirement.skipOrFail(why, false, true))
        .isInstanceOf(TestAbortedException.class);
    assertThatCode(() -> RealMongoRequirement.failIfRequired(why, false, true))
        .doesNotThrowAnyException();
  }
}
