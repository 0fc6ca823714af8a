package io.github.customerid.spring.boot;

import com.mongodb.WriteConcern;
import io.github.customerid.core.AllocationMode;
import io.github.customerid.core.IdAllocator;
import io.github.customerid.core.IdFormat;
import io.github.customerid.core.InvalidConfigurationException;
import io.github.customerid.mongo.MongoSequenceStore;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The {@code customer-id.*} properties. Every default is what the Node/Mongoose system this library
 * replaces uses, so a Spring service and that system can share one database and one counter:
 *
 * <pre>
 * customer-id.enabled=true
 * customer-id.sequence=customerId
 * customer-id.prefix=PL
 * customer-id.min-digits=1
 * customer-id.check-digit=false
 * customer-id.mode=strict
 * customer-id.block-size=100
 * customer-id.counters.collection=counters
 * customer-id.counters.key-field=name
 * customer-id.counters.value-field=seq
 * customer-id.write-concern=majority
 * customer-id.startup.create-indexes=true
 * customer-id.startup.reconcile=true
 * </pre>
 *
 * <p>A value that is wrong (a prefix with a space, a block size of 0, an unknown write concern) fails
 * start-up with an {@link InvalidConfigurationPropertyValueException} that names the property and
 * the value. Mutable, as Spring's binding needs; not for use outside the binding.
 */
@ConfigurationProperties(prefix = CustomerIdProperties.PREFIX)
public class CustomerIdProperties {

  /** Creates the properties with every default; Spring Boot binds {@code customer-id.*} onto it. */
  public CustomerIdProperties() {}

  /** The common prefix of every property. */
  public static final String PREFIX = "customer-id";

  /** Whether to assign customer IDs at all; false turns the whole auto-configuration off. */
  private boolean enabled = true;

  /** Name of the counter, the value of the counter document's key field. */
  private String sequence = "customerId";

  /** Letters or digits before the number: "PL" gives PL1, PL2. */
  private String prefix = "PL";

  /**
   * Zero padding: the number has at least this many digits (3 gives PL001). 1 means no padding, as
   * in the Node/Mongoose system.
   */
  private int minDigits = 1;

  /** Whether a check digit follows the number, so that a mistyped ID is detected. */
  private boolean checkDigit = false;

  /**
   * How numbers are taken from the counter: strict (one counter update per ID, no gaps while the
   * service runs) or block (block-size numbers per update, faster, a gap of the unused rest on a
   * shutdown).
   */
  private AllocationMode mode = AllocationMode.STRICT;

  /** Numbers reserved per counter update in block mode, 1 to 1000000 (checked in every mode). */
  private int blockSize = 100;

  /**
   * Write concern of counter updates: a name the MongoDB driver knows (majority, w1, w2, w3,
   * journaled, acknowledged). Anything below majority may hand out a number twice after a replica
   * set failover.
   */
  private String writeConcern = "majority";

  /** Where the counter lives. */
  private final Counters counters = new Counters();

  /** What happens at start-up. */
  private final Startup startup = new Startup();

  /**
   * Returns whether customer IDs are assigned.
   *
   * @return the flag
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Sets whether customer IDs are assigned.
   *
   * @param enabled the flag
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * Returns the sequence name.
   *
   * @return the name
   */
  public String getSequence() {
    return sequence;
  }

  /**
   * Sets the sequence name.
   *
   * @param sequence the name
   */
  public void setSequence(String sequence) {
    this.sequence = sequence;
  }

  /**
   * Returns the prefix.
   *
   * @return the prefix
   */
  public String getPrefix() {
    return prefix;
  }

  /**
   * Sets the prefix.
   *
   * @param prefix the prefix
   */
  public void setPrefix(String prefix) {
    this.prefix = prefix;
  }

  /**
   * Returns the minimum number of digits.
   *
   * @return the padding
   */
  public int getMinDigits() {
    return minDigits;
  }

  /**
   * Sets the minimum number of digits.
   *
   * @param minDigits the padding
   */
  public void setMinDigits(int minDigits) {
    this.minDigits = minDigits;
  }

  /**
   * Returns whether IDs carry a check digit.
   *
   * @return the flag
   */
  public boolean isCheckDigit() {
    return checkDigit;
  }

  /**
   * Sets whether IDs carry a check digit.
   *
   * @param checkDigit the flag
   */
  public void setCheckDigit(boolean checkDigit) {
    this.checkDigit = checkDigit;
  }

  /**
   * Returns the allocation mode.
   *
   * @return the mode
   */
  public AllocationMode getMode() {
    return mode;
  }

  /**
   * Sets the allocation mode.
   *
   * @param mode the mode
   */
  public void setMode(AllocationMode mode) {
    this.mode = mode;
  }

  /**
   * Returns the block size of block mode.
   *
   * @return the size
   */
  public int getBlockSize() {
    return blockSize;
  }

  /**
   * Sets the block size of block mode.
   *
   * @param blockSize the size
   */
  public void setBlockSize(int blockSize) {
    this.blockSize = blockSize;
  }

  /**
   * Returns the write concern's name.
   *
   * @return the name
   */
  public String getWriteConcern() {
    return writeConcern;
  }

  /**
   * Sets the write concern's name.
   *
   * @param writeConcern the name
   */
  public void setWriteConcern(String writeConcern) {
    this.writeConcern = writeConcern;
  }

  /**
   * Returns the counter's location.
   *
   * @return the nested properties
   */
  public Counters getCounters() {
    return counters;
  }

  /**
   * Returns the start-up settings.
   *
   * @return the nested properties
   */
  public Startup getStartup() {
    return startup;
  }

  /**
   * Builds the ID format these properties describe.
   *
   * @return the format
   * @throws InvalidConfigurationPropertyValueException naming the property and value if the prefix
   *     or padding is invalid
   */
  public IdFormat toFormat() {
    // IdFormat checks on build(): build once per property so that the failure names the right one.
    check("prefix", prefix, () -> IdFormat.builder().prefix(prefix).build());
    check("min-digits", minDigits, () -> IdFormat.builder().minDigits(minDigits).build());
    return IdFormat.builder().prefix(prefix).minDigits(minDigits).checkDigit(checkDigit).build();
  }

  /**
   * Parses the write concern's name.
   *
   * @return the write concern
   * @throws InvalidConfigurationPropertyValueException naming the property and value if the driver
   *     knows no write concern of that name, or it is unacknowledged
   */
  public WriteConcern toWriteConcern() {
    WriteConcern wc = writeConcern == null ? null : WriteConcern.valueOf(writeConcern.trim());
    if (wc == null) {
      throw invalid("write-concern", writeConcern, "the MongoDB driver knows no write concern of "
          + "that name; use majority (the default), w1, w2, w3, journaled or acknowledged");
    }
    if (!wc.isAcknowledged()) {
      throw invalid("write-concern", writeConcern, "an unacknowledged write cannot tell which "
          + "number it allocated; use majority (the default)");
    }
    return wc;
  }

  /**
   * Applies the sequence, mode and block size to an allocator builder. The block size is validated
   * in every mode.
   *
   * @param builder the builder
   * @return the same builder
   * @throws InvalidConfigurationPropertyValueException naming the property and value if one is
   *     invalid (a block size outside 1 to 1,000,000 even in strict mode)
   */
  IdAllocator.Builder applyTo(IdAllocator.Builder builder) {
    check("sequence", sequence, () -> builder.sequence(sequence));
    // The block size is checked in strict mode too: a wrong value is wrong whatever the mode, and
    // would otherwise surface only when someone switches to block mode.
    check("block-size", blockSize, () -> builder.blocks(blockSize));
    if (mode != AllocationMode.BLOCK) {
      builder.strict();
    }
    return builder;
  }

  /**
   * Applies the counter location and write concern to a store builder.
   *
   * @param builder the builder
   * @return the same builder
   * @throws InvalidConfigurationPropertyValueException naming the property and value if one is
   *     invalid
   */
  MongoSequenceStore.Builder applyTo(MongoSequenceStore.Builder builder) {
    check("counters.collection", counters.collection, () -> builder.collection(counters.collection));
    check("counters.key-field", counters.keyField, () -> builder.keyField(counters.keyField));
    check("counters.value-field", counters.valueField,
        () -> builder.valueField(counters.valueField));
    WriteConcern wc = toWriteConcern();
    check("write-concern", writeConcern, () -> builder.writeConcern(wc));
    return builder;
  }

  private static void check(String property, Object value, Runnable apply) {
    try {
      if (value == null) {
        throw new InvalidConfigurationException("must be set");
      }
      apply.run();
    } catch (InvalidConfigurationException | IllegalArgumentException e) {
      throw invalid(property, value, e.getMessage());
    }
  }

  private static InvalidConfigurationPropertyValueException invalid(String property, Object value,
      String reason) {
    return new InvalidConfigurationPropertyValueException(PREFIX + "." + property, value, reason);
  }

  /**
   * Where the counter lives: {@code customer-id.counters.*}. They configure the store the
   * auto-configuration builds; with a {@code SequenceStore} bean of the application's own they are
   * not used (the start-up index then follows that store, see {@link Startup#isCreateIndexes()}).
   */
  public static class Counters {

    /** Creates the counters settings with their defaults. */
    public Counters() {}

    /** Collection holding the counter documents. */
    private String collection = "counters";

    /**
     * Field holding the sequence name ("name", as the Node/Mongoose system writes it); "_id" for
     * counters keyed by their _id.
     */
    private String keyField = "name";

    /** Field holding the last number issued. */
    private String valueField = "seq";

    /**
     * Returns the counter collection.
     *
     * @return the name
     */
    public String getCollection() {
      return collection;
    }

    /**
     * Sets the counter collection.
     *
     * @param collection the name
     */
    public void setCollection(String collection) {
      this.collection = collection;
    }

    /**
     * Returns the key field.
     *
     * @return the field
     */
    public String getKeyField() {
      return keyField;
    }

    /**
     * Sets the key field.
     *
     * @param keyField the field
     */
    public void setKeyField(String keyField) {
      this.keyField = keyField;
    }

    /**
     * Returns the value field.
     *
     * @return the field
     */
    public String getValueField() {
      return valueField;
    }

    /**
     * Sets the value field.
     *
     * @param valueField the field
     */
    public void setValueField(String valueField) {
      this.valueField = valueField;
    }
  }

  /** What happens at start-up: {@code customer-id.startup.*}. */
  public static class Startup {

    /** Creates the start-up settings with their defaults. */
    public Startup() {}

    /**
     * Whether to create the unique sparse index on the customer-ID field of every @CustomerId
     * entity's collection, and the unique index on the key field of the counters of the store in use
     * (the store's own collection and key field; none for a store that is not a MongoSequenceStore or
     * that was built with createCounterIndex(false)).
     */
    private boolean createIndexes = true;

    /**
     * Whether to move the counter past the highest customer ID in the data, so that IDs imported or
     * assigned elsewhere are never handed out again.
     */
    private boolean reconcile = true;

    /**
     * Returns whether indexes are created.
     *
     * @return the flag
     */
    public boolean isCreateIndexes() {
      return createIndexes;
    }

    /**
     * Sets whether indexes are created.
     *
     * @param createIndexes the flag
     */
    public void setCreateIndexes(boolean createIndexes) {
      this.createIndexes = createIndexes;
    }

    /**
     * Returns whether the counter is reconciled.
     *
     * @return the flag
     */
    public boolean isReconcile() {
      return reconcile;
    }

    /**
     * Sets whether the counter is reconciled.
     *
     * @param reconcile the flag
     */
    public void setReconcile(boolean reconcile) {
      this.reconcile = reconcile;
    }
  }
}
