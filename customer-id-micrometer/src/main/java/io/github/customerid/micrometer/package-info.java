/**
 * Micrometer meters for customer-id: {@link io.github.customerid.micrometer.MicrometerSequenceListener}
 * turns the events of {@link io.github.customerid.core.listener.SequenceListener} into counters, timers
 * and a gauge named {@code customerid.*}.
 */
package io.github.customerid.micrometer;
