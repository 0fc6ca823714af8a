/**
 * An in-memory {@link io.github.customerid.core.spi.SequenceStore}, for tests and single-process use.
 */
package io.github.customerid.memory;
