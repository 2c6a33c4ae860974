package dev.hetflow.sampler.admission;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an endpoint that runs the sampler graph (samples, neighbours, fidelity, v2 infer): {@link AdmissionFilter}
 * checks its bearer token (when {@code hetflow.sampler.require-token}) and the caller's rate limit.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Sampling {
}
