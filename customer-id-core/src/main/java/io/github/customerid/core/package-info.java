/**
 * The API a service uses: {@link io.github.customerid.core.IdAllocator} hands out IDs, {@link
 * io.github.customerid.core.IdFormat} turns numbers into IDs and back, and every failure is a {@link
 * io.github.customerid.core.CustomerIdException}.
 *
 * <p>No method of this package returns {@code null}; absent values are {@link java.util.Optional} or
 * {@link java.util.OptionalLong}.
 */
package io.github.customerid.core;
