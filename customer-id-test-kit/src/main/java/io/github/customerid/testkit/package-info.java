/**
 * The contract suite every {@link io.github.customerid.core.spi.SequenceStore} must pass: extend {@link
 * io.github.customerid.testkit.SequenceStoreContract} in a store's tests.
 */
package io.github.customerid.testkit;
