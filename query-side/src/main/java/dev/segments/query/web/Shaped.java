package dev.segments.query.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a read whose response the client may shape: {@code fields} keeps only the named properties, and
 * {@code Accept-Language} reduces each {@link #localized} field to its best translation. {@link ShapingAdvice}
 * applies both, so handlers return their typed responses unchanged.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Shaped {

    /** Dotted paths of the localized (language to text) fields of each resource, e.g. {@code item.name}. */
    String[] localized() default {};

    /** A property holding child resources of the same shape, localized the same way (category trees). */
    String nested() default "";
}
