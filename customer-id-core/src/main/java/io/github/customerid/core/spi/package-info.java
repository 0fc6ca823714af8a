/**
 * The service-provider interface for counter stores: implement {@link
 * io.github.customerid.core.spi.SequenceStore} and validate arguments with {@link
 * io.github.customerid.core.spi.StoreArguments}; prove the implementation with the contract suite of
 * {@code customer-id-test-kit}.
 */
package io.github.customerid.core.spi;
