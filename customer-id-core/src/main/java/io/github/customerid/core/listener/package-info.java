/**
 * What an {@link io.github.customerid.core.IdAllocator} does, as events for metrics and logs:
 * implement {@link io.github.customerid.core.listener.SequenceListener} and pass it to {@code
 * IdAllocator.builder(store).listener(listener)}. The default listener does nothing.
 *
 * <p>This package has no dependency beyond the JDK and core: a binding to a metrics library (such as
 * {@code customer-id-micrometer}) lives in its own module.
 */
package io.github.customerid.core.listener;
