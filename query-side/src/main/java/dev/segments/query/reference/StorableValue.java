package dev.segments.query.reference;

import dev.segments.events.Storable;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Text (or a map or list of texts) that PostgreSQL can hold: no NUL character, no unpaired surrogate, keys
 * included ({@link Storable}). The message names the place inside the value.
 */
@Documented
@Constraint(validatedBy = StorableValue.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
public @interface StorableValue {

    String message() default "cannot be stored.";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Applies {@link Storable#freeFormProblem} and reports its finding as the message. */
    class Validator implements ConstraintValidator<StorableValue, Object> {
        @Override
        public boolean isValid(Object value, ConstraintValidatorContext context) {
            String problem = value == null ? null : Storable.freeFormProblem(value);
            if (problem == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(problem.replace("\\", "\\\\").replace("{", "\\{")
                    .replace("}", "\\}").replace("$", "\\$")).addConstraintViolation();
            return false;
        }
    }
}
