package org.ipv8router.dataplane.forward;

/** {@code ipv8 egress-validation} (spec 7.5). */
public enum EgressValidationMode
{
    /** No check (default: no Zone Server feeds the table). */
    OFF,
    /** Check and count misses; forward anyway (for rolling the table out). */
    MONITOR,
    /** A miss drops the packet ({@code egress_validation_failed}, a SEC-ALERT). */
    ENFORCE
}
