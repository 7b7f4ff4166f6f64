package dev.segments.command.web;

import dev.segments.events.segment.SegmentIdentity;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A client-supplied id: case-sensitive, 1-64 characters of {@code [A-Za-z0-9._~-]} (null is allowed). */
@Documented
@Constraint(validatedBy = ResourceId.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface ResourceId {

    String message() default "must be 1-64 characters of A-Z, a-z, 0-9, '.', '_', '~', '-'.";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks the id against {@link SegmentIdentity#ID}. */
    class Validator implements ConstraintValidator<ResourceId, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || SegmentIdentity.ID.matcher(value).matches();
        }
    }
}
