package dev.floe.testing;

import java.util.Arrays;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * When the {@link DynamoDbFaultProxy} injects a {@link Fault}: for which operations and on which of
 * the calls that reach the rule. Immutable; every method returns a new rule.
 *
 * <pre>{@code
 * // the next 3 BatchWriteItem calls are throttled
 * FaultRule.inject(Fault.error(DynamoDbError.THROTTLING)).onOperations("BatchWriteItem").onFirstCalls(3)
 * // every 5th call of any operation loses its connection
 * FaultRule.inject(Fault.connectionReset()).onEveryNthCall(5)
 * // 10% of calls, drawn from the proxy's seeded Random
 * FaultRule.inject(Fault.error(DynamoDbError.INTERNAL_SERVER_ERROR)).withProbability(0.1)
 * }</pre>
 *
 * <p>The proxy consults its rules in order. A rule counts only the calls that reach it: a call
 * answered by an earlier rule is not seen by later ones, so rules with {@link #onFirstCalls(int)}
 * form a sequence (first rule's calls, then the second rule's, ...). A {@link Fault.Delay} does not
 * end the walk: the delayed call goes on to the next rules.
 */
public final class FaultRule {

  /** Operations are the X-Amz-Target suffix, e.g. PutItem, BatchWriteItem, GetRecords. */
  private static final Set<String> BATCH_OPERATIONS = Set.of("BatchWriteItem", "BatchGetItem");

  private final Fault fault;
  private final Set<String> operations;
  private final Trigger trigger;

  private FaultRule(Fault fault, Set<String> operations, Trigger trigger) {
    this.fault = Objects.requireNonNull(fault, "fault");
    this.operations = operations;
    this.trigger = trigger;
  }

  /**
   * A rule injecting {@code fault} on every call of every operation; narrow it with the methods.
   */
  public static FaultRule inject(Fault fault) {
    return new FaultRule(fault, Set.of(), Trigger.ALWAYS);
  }

  /** Applies only to these operations (X-Amz-Target without prefix, e.g. {@code PutItem}). */
  public FaultRule onOperations(String... operationNames) {
    if (operationNames.length == 0) {
      throw new IllegalArgumentException(
          "Cannot narrow a rule to no operations: name at least one");
    }
    Set<String> names = Set.copyOf(Arrays.asList(operationNames));
    return new FaultRule(fault, names, trigger);
  }

  /** Fires on the first {@code count} calls that reach this rule, then never. */
  public FaultRule onFirstCalls(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("Cannot fire on the first " + count + " calls");
    }
    return new FaultRule(fault, operations, new Trigger(TriggerKind.FIRST_CALLS, count, 0));
  }

  /** Fires on the n-th, 2n-th, 3n-th ... call that reaches this rule. */
  public FaultRule onEveryNthCall(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("Cannot fire on every " + n + "-th call: need n >= 1");
    }
    return new FaultRule(fault, operations, new Trigger(TriggerKind.EVERY_NTH, n, 0));
  }

  /**
   * Fires on a call with this probability, drawn from the proxy's seeded {@link Random}: the same
   * seed and the same sequence of calls give the same faults.
   */
  public FaultRule withProbability(double probability) {
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException(
          "Cannot fire with probability " + probability + ": need 0..1");
    }
    return new FaultRule(fault, operations, new Trigger(TriggerKind.PROBABILITY, 0, probability));
  }

  /** Fires on every call that reaches this rule (the default). */
  public FaultRule onEveryCall() {
    return new FaultRule(fault, operations, Trigger.ALWAYS);
  }

  /** The fault this rule injects. */
  public Fault fault() {
    return fault;
  }

  /** The operations this rule applies to; empty means all. */
  public Set<String> operations() {
    return operations;
  }

  /** Whether a call of {@code operation} reaches this rule (and counts as one of its calls). */
  boolean appliesTo(String operation) {
    if (fault instanceof Fault.PartialBatch && !BATCH_OPERATIONS.contains(operation)) {
      return false;
    }
    return operations.isEmpty() || operations.contains(operation);
  }

  /** Whether the rule fires on the {@code call}-th (1-based) call that reached it. */
  boolean fires(long call, Random random) {
    return trigger.fires(call, random);
  }

  @Override
  public String toString() {
    return "inject "
        + fault
        + " on "
        + (operations.isEmpty() ? "all operations" : operations)
        + ", "
        + trigger;
  }

  private enum TriggerKind {
    ALWAYS,
    FIRST_CALLS,
    EVERY_NTH,
    PROBABILITY
  }

  private record Trigger(TriggerKind kind, long n, double probability) {
    static final Trigger ALWAYS = new Trigger(TriggerKind.ALWAYS, 0, 0);

    boolean fires(long call, Random random) {
      switch (kind) {
        case FIRST_CALLS:
          return call <= n;
        case EVERY_NTH:
          return call % n == 0;
        case PROBABILITY:
          return random.nextDouble() < probability;
        case ALWAYS:
        default:
          return true;
      }
    }

    @Override
    public String toString() {
      switch (kind) {
        case FIRST_CALLS:
          return "first " + n + " calls";
        case EVERY_NTH:
          return "every " + n + "-th call";
        case PROBABILITY:
          return "probability " + probability;
        case ALWAYS:
        default:
          return "every call";
      }
    }
  }
}
