package io.github.customerid.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.github.customerid.core.spi.SequenceStore;
import io.github.customerid.core.spi.StoreArguments;
import io.github.customerid.testkit.ForwardingSequenceStore;
import io.github.customerid.testkit.SequenceStoreContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * Proves that the contract's give-back tests can fail: a store whose {@code giveBack} reads the
 * counter and then writes it (instead of one compare-and-set) moves the counter back over numbers
 * another caller took in between, and the kit must catch the duplicates that follow.
 */
class GiveBackContractCatchesBrokenStoreTest {

  /** Reads, then writes: the race every hand-written "if still at the end, set back" has. */
  static final class ReadThenWriteGiveBack extends ForwardingSequenceStore {
    ReadThenWriteGiveBack(SequenceStore delegate) {
      super(delegate);
    }

    @Override
    public boolean giveBack(String sequence, long blockEnd, long lastUsed) {
      StoreArguments.checkGiveBack(blockEnd, lastUsed);
      if (delegate().current(sequence).orElse(-1) != blockEnd) {
        return false;
      }
      Thread.yield(); // widen the window the way a network round trip does
      delegate().resetAllowingDuplicates(sequence, lastUsed);
      return true;
    }
  }

  /** Enables a test class only when the launcher below runs it, never when Surefire finds it. */
  static final class OnlyThroughLauncher implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return context.getConfigurationParameter(THROUGH_LAUNCHER).isPresent()
          ? ConditionEvaluationResult.enabled("run to prove the kit goes red")
          : ConditionEvaluationResult.disabled("a deliberately broken store, run only by "
              + GiveBackContractCatchesBrokenStoreTest.class.getSimpleName());
    }
  }

  private static final String THROUGH_LAUNCHER = "customerid.test.brokenStore";

  /** The kit against the broken store. */
  @ExtendWith(OnlyThroughLauncher.class)
  static class BrokenGiveBackContract extends SequenceStoreContract {
    @Override
    protected SequenceStore createStore() {
      return new ReadThenWriteGiveBack(new InMemorySequenceStore());
    }

    @Override
    protected boolean supportsGiveBack() {
      return true;
    }
  }

  private static long failuresOf(String testMethod) {
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    launcher.execute(LauncherDiscoveryRequestBuilder.request()
        .selectors(selectMethod(BrokenGiveBackContract.class, testMethod))
        .configurationParameter(THROUGH_LAUNCHER, "true").build(), summary);
    assertThat(summary.getSummary().getTestsStartedCount()).as("tests run").isEqualTo(1);
    return summary.getSummary().getTotalFailureCount();
  }

  /** Runs the kit's test up to 20 times: a race need not show on every run, but must on one. */
  private static boolean failsWithinTwentyRuns(String testMethod) {
    for (int run = 0; run < 20; run++) {
      if (failuresOf(testMethod) > 0) {
        return true;
      }
    }
    return false;
  }

  @Test
  void shouldCatchANonAtomicGiveBackRacingAllocations() {
    assertThat(failsWithinTwentyRuns("shouldNeverIssueAValueTwiceWhenGiveBackRacesAllocations"))
        .as("the kit went red on a read-then-write give-back").isTrue();
  }

  @Test
  void shouldCatchANonAtomicGiveBackThroughClosingAllocators() {
    assertThat(failsWithinTwentyRuns(
        "shouldNeverIssueAValueTwiceWhenABlockAllocatorClosesWhileAnotherAllocates"))
        .as("the kit went red on a read-then-write give-back").isTrue();
  }

  @Test
  void shouldPassTheRealStore() {
    // The same launcher path against the real store: the failures above are the broken store's.
    Launcher launcher = LauncherFactory.create();
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    launcher.execute(LauncherDiscoveryRequestBuilder.request()
        .selectors(selectMethod(InMemorySequenceStoreContractTest.class,
            "shouldNeverIssueAValueTwiceWhenGiveBackRacesAllocations")).build(), summary);
    assertThat(summary.getSummary().getTestsSucceededCount()).isEqualTo(1);
  }
}
