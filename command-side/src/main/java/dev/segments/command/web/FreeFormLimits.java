package dev.segments.command.web;

import dev.segments.command.FreeForm;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/** A free-form object (mixins) within {@link FreeForm}'s limits: depth, size and what the stores can hold. */
@Documented
@Constraint(validatedBy = FreeFormLimits.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface FreeFormLimits {

    String message() default "is not within the limits of a free-form object.";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Reports {@link FreeForm}'s own description of the problem. */
    class Validator implements ConstraintValidator<FreeFormLimits, Map<String, Object>> {
        @Override
        public boolean isValid(Map<String, Object> value, ConstraintValidatorContext context) {
            String problem = FreeForm.problem(value);
            if (problem == null) {
                return true;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(Violations.literal(problem)).addConstraintViolation();
            return false;
        }
    }
}
